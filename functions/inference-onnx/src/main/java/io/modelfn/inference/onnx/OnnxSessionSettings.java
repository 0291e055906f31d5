package io.modelfn.inference.onnx;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

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

    /** The options map DJL's OrtModel reads. */
    Map<String, String> toDjlOptions() {
        Map<String, String> options = new HashMap<>();
        if (intraOpThreads > 0) {
            options.put("intraOpNumThreads", Integer.toString(intraOpThreads));
        }
        if (interOpThreads > 0) {
            options.put("interOpNumThreads", Integer.toString(interOpThreads));
        }
        options.put("optLevel", optLevel(optimizationLevel));
        options.put("executionMode", parallelExecution ? "PARALLEL" : "SEQUENTIAL");
        options.put("memoryPatternOptimization", Boolean.toString(memoryPattern));
        options.put("cpuArenaAllocator", Boolean.toString(cpuArena));
        return options;
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
