package io.modelfn.inference.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Locale;

/**
 * ONNX Runtime session options, one set for every model this engine loads.
 *
 * @param intraOpThreads threads one operator may use; 0 lets ONNX Runtime choose (one per core)
 * @param interOpThreads threads across independent operators (parallel execution mode only)
 * @param optimizationLevel graph optimisation: {@code none}, {@code basic}, {@code extended} or {@code all}
 * @param parallelExecution run independent branches of the graph in parallel
 * @param memoryPattern pre-plan allocations for repeated shapes
 * @param cpuArena keep a CPU memory arena (fast, but holds peak memory)
 * @param gpu create sessions on CUDA device 0 (needs the onnxruntime_gpu runtime)
 */
public record OnnxSessionSettings(
        int intraOpThreads,
        int interOpThreads,
        String optimizationLevel,
        boolean parallelExecution,
        boolean memoryPattern,
        boolean cpuArena,
        boolean gpu) {

    /** One thread per request, all graph optimisations: right for Lambda, where a request owns the vCPU. */
    public static OnnxSessionSettings defaults() {
        return new OnnxSessionSettings(1, 1, "all", false, true, true, false);
    }

    public OnnxSessionSettings {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be 0 (automatic) or positive");
        }
        optLevel(optimizationLevel);
    }

    /** ONNX Runtime's options for a session of these settings; the caller closes them once the session is made. */
    public OrtSession.SessionOptions toSessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (interOpThreads > 0) {
                options.setInterOpNumThreads(interOpThreads);
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.valueOf(optLevel(optimizationLevel)));
            options.setExecutionMode(parallelExecution ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
                    : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setMemoryPatternOptimization(memoryPattern);
            options.setCPUArenaAllocator(cpuArena);
            if (gpu) {
                options.addCUDA(0);
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    private static String optLevel(String level) {
        return switch (level == null ? "" : level.toLowerCase(Locale.ROOT)) {
            case "none", "no" -> "NO_OPT";
            case "basic" -> "BASIC_OPT";
            case "extended" -> "EXTENDED_OPT";
            case "all" -> "ALL_OPT";
            default -> throw new IllegalArgumentException(
                    "optimization level must be none, basic, extended or all, not " + level);
        };
    }
}
