package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmLaunchTest {

    private static final FunctionConfiguration FUNCTION = new FunctionConfiguration("modelfn-dev-predict",
            "io.modelfn.lambda.handler.ModelfnLambdaHandler::handleRequest", "java25", 2048, 30,
            Map.of("JAVA_TOOL_OPTIONS", "-XX:MetaspaceSize=128m -XX:TieredStopAtLevel=1 -Dx=1"), 1);

    @TempDir
    Path root;

    @Test
    void managedRuntime_should_stop_tiering_at_c1_and_keep_the_functions_options_when_init_is_on_demand() throws IOException {
        // GIVEN an unpacked function
        LambdaLayout layout = layout();

        // WHEN an environment's process is built with the managed runtime's launch line
        ProcessBuilder builder = JvmLaunch.of(layout).processBuilder(FUNCTION, Map.of(), "127.0.0.1:9001",
                root.resolve("tmp-0"), 0);

        // THEN C1 only, on the command line and in the function's own options, as the template sets them
        assertThat(builder.command()).containsSubsequence("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                JvmLaunch.MAIN_CLASS, FUNCTION.handler());
        assertThat(builder.environment()).containsEntry("JAVA_TOOL_OPTIONS",
                "-XX:MetaspaceSize=128m -XX:TieredStopAtLevel=1 -Dx=1").containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
    }

    @Test
    void fullTiering_should_leave_no_tier_limit_anywhere_when_launched_as_snapstarts_versions() throws IOException {
        // GIVEN an unpacked function
        LambdaLayout layout = layout();

        // WHEN an environment's process is built as Java 25's runtime launches SnapStart's versions
        ProcessBuilder builder = JvmLaunch.fullTiering(layout).processBuilder(FUNCTION, Map.of(), "127.0.0.1:9001",
                root.resolve("tmp-0"), 0);

        // THEN neither the command line nor JAVA_TOOL_OPTIONS limits the tiers; the function's other options stay
        assertThat(builder.command()).noneMatch(option -> option.startsWith("-XX:TieredStopAtLevel"))
                .doesNotContain("-XX:+TieredCompilation").contains("-XX:+UseSerialGC", JvmLaunch.MAIN_CLASS);
        assertThat(builder.environment()).containsEntry("JAVA_TOOL_OPTIONS", "-XX:MetaspaceSize=128m -Dx=1");
    }

    @Test
    void withoutTierLimit_should_drop_only_the_tier_limit_when_options_hold_several() {
        assertThat(JvmLaunch.withoutTierLimit(" -XX:TieredStopAtLevel=4  -XX:MetaspaceSize=128m -XX:TieredStopAtLevel=1 "))
                .isEqualTo("-XX:MetaspaceSize=128m");
        assertThat(JvmLaunch.withoutTierLimit("-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"))
                .isEqualTo("-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints");
    }

    @Test
    void followedBy_should_put_the_added_options_last_and_take_no_options_as_none() {
        assertThat(JvmLaunch.followedBy("-XX:MetaspaceSize=128m", "-Dx=1")).isEqualTo("-XX:MetaspaceSize=128m -Dx=1");
        assertThat(JvmLaunch.followedBy(null, "-Dx=1")).isEqualTo("-Dx=1");
        assertThat(JvmLaunch.followedBy("  ", "-Dx=1")).isEqualTo("-Dx=1");
    }

    private LambdaLayout layout() throws IOException {
        Path task = Files.createDirectories(root.resolve("var/task"));
        Path opt = Files.createDirectories(root.resolve("opt"));
        Path runtimeLib = Files.createDirectories(root.resolve("runtime-lib"));
        Files.writeString(runtimeLib.resolve("aws-lambda-java-runtime-interface-client-2.10.1.jar"), "");
        Path jni = Files.createDirectories(root.resolve("var/runtime/lib/jni")).resolve("libaws-lambda-jni.linux-x86_64.so");
        Files.writeString(jni, "");
        return new LambdaLayout(root, task, opt, runtimeLib);
    }
}
