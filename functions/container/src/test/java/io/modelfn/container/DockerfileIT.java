package io.modelfn.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What can be checked of the images without a Docker engine: every file a Dockerfile copies exists
 * once the application is packaged, the container runs as a non-root user on port 8080 with the
 * libraries' telemetry off, and the entry point accepts SageMaker's {@code serve} argument.
 */
class DockerfileIT {

    private static final Path DOCKER = Path.of(System.getProperty("container.docker.dir"));
    private static final Path MODULE = DOCKER.getParent().getParent().getParent();
    private static final Pattern COPY = Pattern.compile("^COPY (?:--\\S+ )*(\\S+) (\\S+)$", Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
    void every_copied_path_should_exist_after_packaging(String dockerfile) throws Exception {
        String text = Files.readString(DOCKER.resolve(dockerfile));

        Matcher copy = COPY.matcher(text);
        int copies = 0;
        while (copy.find()) {
            String source = copy.group(1);
            if (copy.group().contains("--from=")) {
                continue; // from another image stage, not from the build context
            }
            copies++;
            if (source.contains("*")) {
                try (var files = Files.newDirectoryStream(MODULE.resolve(source).getParent(), source.substring(source.lastIndexOf('/') + 1))) {
                    assertThat(files.iterator().hasNext()).as(dockerfile + ": " + source).isTrue();
                }
            } else {
                assertThat(MODULE.resolve(source)).as(dockerfile + ": " + source).exists();
            }
        }
        assertThat(copies).isGreaterThanOrEqualTo(5);
        assertThat(MODULE.resolve("target/quarkus-app/quarkus-run.jar")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
    void image_should_run_unprivileged_on_8080_with_telemetry_off(String dockerfile) throws Exception {
        List<String> lines = Files.readAllLines(DOCKER.resolve(dockerfile));

        assertThat(lines).contains("EXPOSE 8080", "USER 1001", "ENTRYPOINT [\"/opt/modelfn/entrypoint.sh\"]", "CMD [\"serve\"]");
        String text = String.join("\n", lines);
        assertThat(text).contains("OPT_OUT_TRACKING=true").contains("ORT_DISABLE_TELEMETRY=1");
        if (dockerfile.endsWith(".gpu")) {
            assertThat(text).contains("MODELFN_ONNX_GPU=true").contains("-Pgpu").containsPattern("FROM nvidia/cuda:12\\.\\S+-cudnn-runtime");
        }
    }

    @org.junit.jupiter.api.Test
    void entrypoint_should_run_another_command_when_given_one() throws Exception {
        Process process = new ProcessBuilder("sh", DOCKER.resolve("entrypoint.sh").toString(), "echo", "other command")
                .redirectErrorStream(true).start();

        String output = new String(process.getInputStream().readAllBytes());

        assertThat(process.waitFor()).isZero();
        assertThat(output.trim()).isEqualTo("other command");
    }
}
