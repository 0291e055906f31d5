package io.modelfn.infra.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** cfn-lint, as the infra tests run it: JSON findings, errors only. */
public final class CfnLint {

    /** Why a test is skipped where cfn-lint is missing; the README's test section says the same. */
    public static final String MISSING = "cfn-lint is not on the PATH: template linting skipped "
            + "(pip install -r requirements-test.txt, or pip install cfn-lint)";

    private CfnLint() {
    }

    /** cfn-lint on the PATH, or null. */
    public static Path onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "cfn-lint");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Lints {@code templates} and returns every finding of level Error ({@code file: rule message}).
     *
     * @throws IllegalStateException when cfn-lint does not finish in five minutes or its exit code says
     *     errors that its report does not list
     */
    public static List<String> errors(Path cfnLint, List<Path> templates) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(cfnLint.toString(), "--format", "json", "--"));
        templates.forEach(t -> command.add(t.toString()));
        Path output = Files.createTempFile("cfn-lint", ".json");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("cfn-lint did not finish in 5 minutes");
        }
        String report = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        JsonNode findings = new ObjectMapper().readTree(report.isBlank() ? "[]" : report);
        List<String> errors = new ArrayList<>();
        findings.forEach(f -> {
            if ("Error".equals(f.path("Level").asText())) {
                errors.add(f.path("Filename").asText() + ": " + f.path("Rule").path("Id").asText() + " " + f.path("Message").asText());
            }
        });
        // cfn-lint's exit code has bit 2 set for errors.
        if (errors.isEmpty() && (process.exitValue() & 2) != 0) {
            throw new IllegalStateException("cfn-lint exit code " + process.exitValue() + " says errors, its report lists none");
        }
        return errors;
    }
}
