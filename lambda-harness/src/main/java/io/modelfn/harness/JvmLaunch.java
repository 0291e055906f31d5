package io.modelfn.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line and environment of an execution environment's JVM, as Lambda's Java managed runtime
 * starts it.
 *
 * <p>JVM options: those Lambda's Java runtime passes, as its process command line shows (recorded from a
 * java17 function in github.com/sigpwned/the-lambda-iceberg-dissecting-the-official-java-runtimes, and
 * AWS's "Customize Java runtime startup behavior" page for tiered compilation stopping at level 1, which Java 25's
 * runtime keeps for on-demand inits and leaves out for SnapStart and provisioned concurrency: {@link #fullTiering}):
 * {@code -XX:MaxHeapSize} at 85 % of the function's memory, {@code -XX:+UseSerialGC},
 * {@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1}, {@code --add-opens=java.base/java.io=ALL-UNNAMED},
 * {@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}, {@code -XX:+ErrorFileToStderr}, the
 * runtime interface client's JNI library by path, and a class path of the runtime's jars only (the client
 * loads the function from LAMBDA_TASK_ROOT itself). Lambda uses {@code -Xshare:on} with its own CDS
 * archive; here {@code -Xshare:auto} uses the JDK's default archive. Lambda's sandbox has the function's memory,
 * from which the JVM sizes what it is not told (the initial heap, the young generation: 32 MB and about 10 MB at
 * 2048 MB); here {@code -XX:MaxRAM} at the function's memory makes it see the same, not the host's.
 *
 * <p>Isolation: each JVM gets a private mount namespace ({@code unshare --mount}) in which {@code /tmp} is
 * its own folder and {@code /opt} is the unpacked layers, so the function finds its layer where Lambda puts
 * it and environments share no {@code /tmp}, as in Lambda. One core: {@code taskset -c <cpu>}.
 */
final class JvmLaunch {

    static final String REGION = "us-east-1";
    static final String ACCOUNT = "000000000000";
    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

    private JvmLaunch() {
    }

    static Path javaHome() {
        String home = System.getenv("JAVA_HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("java.home"));
    }

    /** The managed runtime's launch line over {@code layout}: on an on-demand init, C1 only. */
    static LaunchLine of(LambdaLayout layout) {
        return (config, runtimeEnvironment, runtimeApi, tmp, cpu) -> processBuilder(layout, config, runtimeEnvironment,
                runtimeApi, tmp, cpu, true);
    }

    /**
     * The launch line Java 25's runtime uses for SnapStart's versions and provisioned concurrency, where it leaves the
     * JVM its own tiering (AWS's "Customize Java runtime startup behavior"): no tiering options on the command line,
     * and {@code -XX:TieredStopAtLevel} taken out of the function's {@code JAVA_TOOL_OPTIONS} too, so an environment
     * runs with C2 as it would without the template's C1-only option. For measuring what that option is worth; the
     * init is still an on-demand one (no snapshot here).
     */
    static LaunchLine fullTiering(LambdaLayout layout) {
        return (config, runtimeEnvironment, runtimeApi, tmp, cpu) -> processBuilder(layout, config, runtimeEnvironment,
                runtimeApi, tmp, cpu, false);
    }

    static ProcessBuilder processBuilder(LambdaLayout layout, FunctionConfiguration config,
            Map<String, String> runtimeEnvironment, String runtimeApi, Path tmp, int cpu, boolean c1Only) {
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", "mount --bind \"$1\" /opt && mount --bind \"$2\" /tmp && shift 2 && exec \"$@\"", "sh",
                layout.opt().toString(), tmp.toString()));
        command.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
        command.add(javaHome().resolve("bin/java").toString());
        // The sandbox's memory is the function's: what the JVM sizes its initial heap and young generation from.
        command.add("-XX:MaxRAM=" + config.memoryMb() + "m");
        command.add("-XX:MaxHeapSize=" + (config.memoryMb() * 1024L * 85 / 100) + "k");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        if (c1Only) {
            command.add("-XX:+TieredCompilation");
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        command.add("-XX:+ErrorFileToStderr");
        command.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + layout.runtimeJni());
        command.add("-classpath");
        command.add(layout.runtimeClassPath());
        command.add(MAIN_CLASS);
        command.add(config.handler());

        ProcessBuilder builder = new ProcessBuilder(command).directory(layout.taskRoot().toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(lambdaVariables(layout, config, runtimeApi));
        env.putAll(config.environment());
        env.putAll(runtimeEnvironment);
        if (!c1Only && env.containsKey(JAVA_TOOL_OPTIONS)) {
            env.put(JAVA_TOOL_OPTIONS, withoutTierLimit(env.get(JAVA_TOOL_OPTIONS)));
        }
        return builder;
    }

    /** {@code more} after {@code options} (null or blank: none), as one {@code JAVA_TOOL_OPTIONS} value: later options win. */
    static String followedBy(String options, String more) {
        return ((options == null ? "" : options) + " " + more).strip();
    }

    /** {@code options} without any {@code -XX:TieredStopAtLevel=N}. */
    static String withoutTierLimit(String options) {
        return String.join(" ", Arrays.stream(options.trim().split("\\s+"))
                .filter(option -> !option.startsWith("-XX:TieredStopAtLevel="))
                .toList());
    }

    /** The variables Lambda defines for every function (AWS Lambda developer guide, "Defined runtime environment variables"). */
    private static Map<String, String> lambdaVariables(LambdaLayout layout, FunctionConfiguration config, String runtimeApi) {
        String task = layout.taskRoot().toString();
        return Map.ofEntries(
                Map.entry("_HANDLER", config.handler()),
                Map.entry("AWS_REGION", REGION),
                Map.entry("AWS_DEFAULT_REGION", REGION),
                Map.entry("AWS_EXECUTION_ENV", "AWS_Lambda_" + config.runtime()),
                Map.entry("AWS_LAMBDA_FUNCTION_NAME", config.functionName()),
                Map.entry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb())),
                Map.entry("AWS_LAMBDA_FUNCTION_VERSION", "1"),
                Map.entry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
                Map.entry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.functionName()),
                Map.entry("AWS_LAMBDA_LOG_STREAM_NAME", "harness/" + layout.root().getFileName()),
                Map.entry("AWS_LAMBDA_RUNTIME_API", runtimeApi),
                Map.entry("LAMBDA_TASK_ROOT", task),
                Map.entry("LAMBDA_RUNTIME_DIR", layout.runtimeLib().toString()),
                Map.entry("LANG", "en_US.UTF-8"),
                Map.entry("TZ", ":UTC"),
                Map.entry("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin"),
                Map.entry("LD_LIBRARY_PATH", "/lib64:/usr/lib64:" + task + ":" + task + "/lib:/opt/lib"));
    }

    /** Whether this machine lets the harness make a private mount namespace (root, unshare present). */
    static boolean isolationAvailable() {
        try {
            Process probe = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                    "mount --bind /tmp /tmp").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0 && Files.isDirectory(Path.of("/opt")) && Files.isExecutable(Path.of("/usr/bin/taskset"));
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
