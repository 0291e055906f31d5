package io.modelfn.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The container image's entry point, run here as Lambda would run the image: in the image's own root file
 * system ({@code chroot} into the staged {@link ImageRoot}, so the image's JVM, libraries and paths are the
 * ones used), in a private mount namespace with its own {@code /tmp} and the host's {@code /proc} and
 * {@code /dev}, on one core ({@code taskset}).
 *
 * <p>The command is the image's entry point, {@code /var/lang/bin/java [-XX:AOTCache=...] @launch.args},
 * followed by the handler (the image's command). One option stands in for the Lambda micro-VM:
 * {@code -XX:MaxRAM} at the function's memory, the physical memory the launch line's
 * {@code -XX:MaxRAMPercentage=85} takes its share of (the managed runtime sets the heap to 85 % of the
 * function's memory too).
 */
public final class ImageLaunch implements LaunchLine {

    /** What the launch does with the image's AOT cache. */
    public enum Cache {
        /** The image's entry point as built: {@code -XX:AOTCache}. */
        USE,
        /** The entry point without the cache (the JDK's default CDS archive only). */
        NONE,
        /** A training run: {@code -XX:AOTCacheOutput}, the cache written when the JVM exits. */
        TRAIN
    }

    private final ImageRoot image;
    private final Cache cache;

    public ImageLaunch(ImageRoot image, Cache cache) {
        this.image = image;
        this.cache = cache;
    }

    @Override
    public ProcessBuilder processBuilder(FunctionConfiguration config, Map<String, String> runtimeEnvironment,
            String runtimeApi, Path tmp, int cpu) {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu),
                "unshare", "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", "root=\"$1\" && mount --bind \"$2\" \"$root/tmp\" && mount --rbind /proc \"$root/proc\""
                        + " && mount --rbind /dev \"$root/dev\" && shift 2 && exec /usr/sbin/chroot \"$root\" \"$@\"", "sh",
                image.root().toString(), tmp.toString()));
        command.addAll(jvmCommand(config));
        ProcessBuilder builder = new ProcessBuilder(command).directory(image.resolve("/var/task").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(lambdaVariables(config, runtimeApi));
        env.putAll(config.environment());
        env.putAll(runtimeEnvironment);
        return builder;
    }

    /** The command run inside the image: its entry point and command. */
    List<String> jvmCommand(FunctionConfiguration config) {
        List<String> command = new ArrayList<>();
        command.add(ImageRoot.JAVA);
        command.add("-XX:MaxRAM=" + config.memoryMb() + "m");
        switch (cache) {
            case USE -> command.add("-XX:AOTCache=" + ImageRoot.AOT_CACHE);
            case TRAIN -> command.add("-XX:AOTCacheOutput=" + ImageRoot.AOT_CACHE);
            case NONE -> { }
        }
        command.add("@" + ImageRoot.LAUNCH_ARGS);
        command.add(config.handler());
        return command;
    }

    /**
     * The variables Lambda defines for a function packaged as an image (AWS Lambda developer guide, "Defined
     * runtime environment variables"; {@code AWS_EXECUTION_ENV} is not defined for images).
     */
    private static Map<String, String> lambdaVariables(FunctionConfiguration config, String runtimeApi) {
        return Map.ofEntries(
                Map.entry("_HANDLER", config.handler()),
                Map.entry("AWS_REGION", JvmLaunch.REGION),
                Map.entry("AWS_DEFAULT_REGION", JvmLaunch.REGION),
                Map.entry("AWS_LAMBDA_FUNCTION_NAME", config.functionName()),
                Map.entry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb())),
                Map.entry("AWS_LAMBDA_FUNCTION_VERSION", "1"),
                Map.entry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
                Map.entry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.functionName()),
                Map.entry("AWS_LAMBDA_LOG_STREAM_NAME", "harness/image"),
                Map.entry("AWS_LAMBDA_RUNTIME_API", runtimeApi),
                Map.entry("LAMBDA_TASK_ROOT", "/var/task"),
                Map.entry("LAMBDA_RUNTIME_DIR", "/var/runtime"),
                Map.entry("LANG", "en_US.UTF-8"),
                Map.entry("TZ", ":UTC"),
                Map.entry("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin"),
                Map.entry("LD_LIBRARY_PATH", "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib"));
    }
}
