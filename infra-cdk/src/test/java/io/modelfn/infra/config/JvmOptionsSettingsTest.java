package io.modelfn.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.infra.serving.ModelFunction;
import io.modelfn.infra.support.SynthesizedStage;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.infra.support.TestSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deployer's own JVM options per function ({@code functions.<name>.jvmOptions}): after the function's own in
 * {@code JAVA_TOOL_OPTIONS}, so they win; refused when they are not JVM options or would stop every init.
 */
class JvmOptionsSettingsTest {

    @Test
    void jvmOptions_should_be_empty_when_the_stage_says_nothing() {
        ModelfnSettings dev = TestSettings.dev();

        assertThat(dev.functions().prediction().jvmOptions()).isEmpty();
        assertThat(dev.functions().admin().jvmOptions()).isEmpty();
        assertThat(dev.functions().rollout().jvmOptions()).isEmpty();
    }

    @Test
    void jvmOptions_should_follow_the_functions_own_in_its_template_when_the_stage_sets_them() {
        // GIVEN dev whose prediction function asks for full tiering, spaced loosely
        ModelfnSettings settings = TestSettings.stage("dev", json -> ((ObjectNode) json.path("functions").path("prediction"))
                .put("jvmOptions", "  -XX:TieredStopAtLevel=4 \t -Dmodelfn.trace=1 "));

        // WHEN it is synthesised
        SynthesizedStage stage = SynthesizedStage.synth(settings);

        // THEN the prediction function's options come after ours (the JVM takes the last of a flag); the others keep ours
        assertThat(settings.functions().prediction().jvmOptions()).isEqualTo("-XX:TieredStopAtLevel=4 -Dmodelfn.trace=1");
        assertThat(javaToolOptions(stage, "modelfn-dev-predict"))
                .isEqualTo(ModelFunction.JVM_OPTIONS + " -XX:TieredStopAtLevel=4 -Dmodelfn.trace=1");
        assertThat(javaToolOptions(stage, "modelfn-dev-admin")).isEqualTo(ModelFunction.JVM_OPTIONS);
        assertThat(javaToolOptions(stage, "modelfn-dev-rollout")).isEqualTo(ModelFunction.JVM_OPTIONS);
    }

    @Test
    void jvmOptions_should_be_refused_when_a_word_is_not_a_jvm_option() {
        for (String options : new String[] {"XX:TieredStopAtLevel=4", "-Dx='a b'", "-Dx=\"a\"", "-Dx=1;rm", "-", "-Dx=1 $HOME"}) {
            assertThatThrownBy(() -> new ModelfnSettings.FunctionSize(2048, 30, null, options)).as(options)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a JVM option");
        }
    }

    @Test
    void jvmOptions_should_be_refused_when_they_name_a_class_data_archive_or_an_aot_cache() {
        for (String options : new String[] {"-XX:AOTCache=/tmp/app.aot", "-Xshare:off", "-XX:SharedArchiveFile=/tmp/a.jsa",
                "-XX:AOTMode=on", "-XX:+AutoCreateSharedArchive", "-XX:ArchiveClassesAtExit=/tmp/a.jsa"}) {
            assertThatThrownBy(() -> new ModelfnSettings.FunctionSize(2048, 30, null, "-Dx=1 " + options)).as(options)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is refused");
        }
    }

    @Test
    void jvmOptions_should_be_refused_when_longer_than_a_quarter_of_lambdas_variables() {
        String fits = "-Dx=" + "a".repeat(1020);
        String over = fits + "a";

        assertThat(new ModelfnSettings.FunctionSize(2048, 30, null, fits).jvmOptions()).hasSize(1024);
        assertThatThrownBy(() -> new ModelfnSettings.FunctionSize(2048, 30, null, over))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1024");
    }

    private static String javaToolOptions(SynthesizedStage stage, String name) {
        Map<String, JsonNode> functions = TemplateJson.resources(stage.json(stage.stage().serving()), "AWS::Lambda::Function");
        return functions.values().stream()
                .map(f -> f.path("Properties"))
                .filter(f -> name.equals(f.path("FunctionName").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no function " + name))
                .path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS").asText();
    }
}
