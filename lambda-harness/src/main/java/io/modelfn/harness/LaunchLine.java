package io.modelfn.harness;

import java.nio.file.Path;
import java.util.Map;

/**
 * How an execution environment's process is started: the managed runtime's JVM over the unpacked zip
 * ({@link JvmLaunch}) or a container image's entry point in its root file system ({@link ImageLaunch}).
 */
@FunctionalInterface
public interface LaunchLine {

    /**
     * The process of one environment.
     *
     * @param runtimeEnvironment variables put over the function's own (the local engines' endpoints)
     * @param runtimeApi {@code host:port} of the environment's Runtime API
     * @param tmp the environment's own {@code /tmp}
     * @param cpu the one core it runs on
     */
    ProcessBuilder processBuilder(FunctionConfiguration config, Map<String, String> runtimeEnvironment, String runtimeApi,
            Path tmp, int cpu);
}
