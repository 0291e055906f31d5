package io.modelfn.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.infra.support.SynthesizedStage;
import io.modelfn.infra.support.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Synthesis is a function of the settings: the same settings give byte-identical templates. */
class DeterministicSynthTest {

    @Test
    void twoSynths_should_giveByteIdenticalTemplates_when_inTheSameProcess() throws Exception {
        // GIVEN the same settings
        var settings = TestSettings.gpu();

        // WHEN synthesised twice
        SynthesizedStage first = SynthesizedStage.synth(settings);
        SynthesizedStage second = SynthesizedStage.synth(settings);

        // THEN every template is the same, byte for byte
        assertThat(first.templateFiles().keySet()).hasSize(3).isEqualTo(second.templateFiles().keySet());
        for (String stack : first.templateFiles().keySet()) {
            assertThat(Files.readAllBytes(second.templateFiles().get(stack))).as(stack)
                    .isEqualTo(Files.readAllBytes(first.templateFiles().get(stack)));
        }
    }

    @Test
    void theSynthCommand_should_giveTheSameTemplates_when_runInAnotherProcess() throws Exception {
        // GIVEN the dev stage synthesised here
        SynthesizedStage here = SynthesizedStage.dev();
        Path settingsFile = Files.createTempFile("modelfn-dev", ".json");
        Files.writeString(settingsFile, new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(jsonOf(here)));
        Path outdir = Files.createTempDirectory("modelfn-cdk-child");

        // WHEN the app's main runs in a fresh JVM (another hash seed, another jsii runtime)
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ModelfnApp.class.getName(), "config=" + settingsFile, "outdir=" + outdir));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

        // THEN it succeeds, says what it made, and made the same templates
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("synthesised stage dev");
        for (Map.Entry<String, Path> template : here.templateFiles().entrySet()) {
            assertThat(Files.readString(outdir.resolve(template.getValue().getFileName()))).as(template.getKey())
                    .isEqualTo(Files.readString(template.getValue()));
        }
    }

    /** The settings the dev stage was built from, as a settings file (artifacts already absolute). */
    private static Map<String, Object> jsonOf(SynthesizedStage stage) throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, Object> json = mapper.readValue(TestSettings.configDir().resolve("dev.json").toFile(),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        var artifacts = stage.stage().settings().artifacts();
        json.put("artifacts", Map.of(
                "apiFunctionZip", artifacts.apiFunctionZip().toString(),
                "rolloutFunctionZip", artifacts.rolloutFunctionZip().toString(),
                "onnxRuntimeLayerZip", artifacts.onnxRuntimeLayerZip().toString()));
        return json;
    }
}
