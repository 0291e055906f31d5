package io.modelfn.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.infra.support.SynthesizedStage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * cfn-lint on every synthesised template: no error. Skipped, saying so, where cfn-lint is not on
 * the PATH (CI installs it).
 */
class CfnLintTest {

    @Test
    void everyTemplate_should_haveNoCfnLintError_when_cfnLintIsInstalled() throws Exception {
        // GIVEN cfn-lint on the PATH
        Path cfnLint = onPath("cfn-lint");
        assumeTrue(cfnLint != null, "cfn-lint is not on the PATH: template linting skipped (pip install cfn-lint)");

        // AND every template of every stage
        List<String> command = new ArrayList<>(List.of(cfnLint.toString(), "--format", "json", "--"));
        for (SynthesizedStage stage : SynthesizedStage.all()) {
            stage.templateFiles().values().forEach(f -> command.add(f.toString()));
        }

        // WHEN linted
        Path output = Files.createTempFile("cfn-lint", ".json");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();
        String report = Files.readString(output, StandardCharsets.UTF_8);

        // THEN no finding is an error (cfn-lint's exit code has bit 2 set for errors)
        JsonNode findings = new ObjectMapper().readTree(report.isBlank() ? "[]" : report);
        List<String> errors = new ArrayList<>();
        findings.forEach(f -> {
            if ("Error".equals(f.path("Level").asText())) {
                errors.add(f.path("Filename").asText() + ": " + f.path("Rule").path("Id").asText() + " " + f.path("Message").asText());
            }
        });
        assertThat(errors).isEmpty();
        assertThat(process.exitValue() & 2).as("cfn-lint exit code " + process.exitValue()).isZero();
    }

    private static Path onPath(String name) throws IOException {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
