package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLaunchTest {

    private static final FunctionConfiguration FUNCTION = new FunctionConfiguration("modelfn-dev-predict",
            "io.modelfn.lambda.ModelfnLambdaHandler::handleRequest", "java25", 2048, 30,
            Map.of("MODELFN_STORE_BUCKET", "models"), 0);

    @TempDir
    Path staged;

    @Test
    void jvmCommand_should_be_the_image_entry_point_with_the_cache_when_the_image_uses_it() throws IOException {
        // GIVEN a staged image root
        ImageRoot image = stage();

        // WHEN the launch uses the image's cache, runs without it, or trains it
        List<String> use = new ImageLaunch(image, ImageLaunch.Cache.USE).jvmCommand(FUNCTION);
        List<String> none = new ImageLaunch(image, ImageLaunch.Cache.NONE).jvmCommand(FUNCTION);
        List<String> train = new ImageLaunch(image, ImageLaunch.Cache.TRAIN).jvmCommand(FUNCTION);

        // THEN each is the image's JVM, the micro-VM's memory, the cache option, the argument file and the handler
        assertThat(use).containsExactly("/var/lang/bin/java", "-XX:MaxRAM=2048m", "-XX:AOTCache=/var/modelfn/function.aot",
                "@/var/modelfn/launch.args", FUNCTION.handler());
        assertThat(none).containsExactly("/var/lang/bin/java", "-XX:MaxRAM=2048m", "@/var/modelfn/launch.args",
                FUNCTION.handler());
        assertThat(train).contains("-XX:AOTCacheOutput=/var/modelfn/function.aot").doesNotContain("-XX:AOTCache=/var/modelfn/function.aot");
    }

    @Test
    void processBuilder_should_run_in_the_image_root_on_one_core_with_lambda_image_variables() throws IOException {
        // GIVEN a staged image root
        ImageRoot image = stage();

        // WHEN an environment's process is built on CPU 1
        ProcessBuilder builder = new ImageLaunch(image, ImageLaunch.Cache.USE).processBuilder(FUNCTION,
                Map.of("MODELFN_AWS_S3_ENDPOINT", "http://127.0.0.1:9000"), "127.0.0.1:9001", staged.resolve("tmp-1"), 1);

        // THEN it is pinned to the core, chrooted into the staged root with its own /tmp, and configured as Lambda
        // configures an image function (no managed runtime's AWS_EXECUTION_ENV)
        assertThat(builder.command()).startsWith("taskset", "-c", "1", "unshare", "--mount");
        assertThat(builder.command()).contains(image.root().toString(), staged.resolve("tmp-1").toString());
        assertThat(String.join(" ", builder.command())).contains("exec /usr/sbin/chroot");
        assertThat(builder.command()).endsWith("@/var/modelfn/launch.args", FUNCTION.handler());
        assertThat(builder.environment())
                .containsEntry("LAMBDA_TASK_ROOT", "/var/task")
                .containsEntry("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")
                .containsEntry("MODELFN_STORE_BUCKET", "models")
                .containsEntry("MODELFN_AWS_S3_ENDPOINT", "http://127.0.0.1:9000")
                .doesNotContainKey("AWS_EXECUTION_ENV");
    }

    @Test
    void imageRoot_should_refuse_a_folder_that_is_not_a_staged_image(@TempDir Path empty) {
        assertThatThrownBy(() -> new ImageRoot(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stage-root.sh");
    }

    private ImageRoot stage() throws IOException {
        Path java = Files.createDirectories(staged.resolve("var/lang/bin")).resolve("java");
        Files.writeString(java, "");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(Files.createDirectories(staged.resolve("var/modelfn")).resolve("launch.args"), "-XX:+UseSerialGC\n");
        return new ImageRoot(staged);
    }
}
