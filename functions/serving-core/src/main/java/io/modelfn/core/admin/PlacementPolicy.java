package io.modelfn.core.admin;

import io.modelfn.core.backend.Backend;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Whether an endpoint's versions can run in this process (a Lambda function): the artifact must fit
 * in the cache folder's disk ({@code /tmp}, 512 MB with SnapStart) and the loaded model in the model
 * cache's memory budget. A version that cannot is refused on an in-process endpoint, with the advice
 * to give the endpoint a remote backend; one that fits but barely gets a warning.
 *
 * <p>A loaded ONNX model takes about its artifact's size in memory for weights, plus working memory
 * for activations; {@value #MEMORY_FACTOR}x the artifact is the estimate used for warnings.
 *
 * @param diskBytes the cache folder's capacity for artifacts (0: unlimited)
 * @param memoryBudgetBytes the model cache's memory budget (0: unlimited)
 */
public record PlacementPolicy(long diskBytes, long memoryBudgetBytes) {

    /** No limits (a container with a large disk and memory, or tests). */
    public static final PlacementPolicy UNLIMITED = new PlacementPolicy(0, 0);
    /** Lambda's /tmp when SnapStart is on. */
    public static final long LAMBDA_SNAPSTART_TMP_BYTES = 512L * 1024 * 1024;
    static final double MEMORY_FACTOR = 2.0;
    private static final double WARN_SHARE = 0.5;
    private static final String ADVICE = "give the endpoint a GPU or container backend: backend sagemaker:<endpoint name> "
            + "or http:<url>";

    /**
     * Refuses an in-process endpoint whose versions cannot run here.
     *
     * @throws InvalidAdminRequestException naming the version, the limit, and the remote backends
     */
    public void requireRunnable(EndpointConfig endpoint, Function<ModelKey, ModelVersion> versions) {
        if (remote(endpoint)) {
            return;
        }
        for (ModelVersion version : versionsOf(endpoint, versions)) {
            String problem = tooLarge(version);
            if (problem != null) {
                throw new InvalidAdminRequestException("endpoint '" + endpoint.name() + "' runs in the function, but "
                        + problem + "; " + ADVICE);
            }
        }
    }

    /** Warnings for an endpoint whose versions fit, but only just, or not all at once. */
    public List<String> advice(EndpointConfig endpoint, Function<ModelKey, ModelVersion> versions) {
        List<String> warnings = new ArrayList<>();
        if (remote(endpoint)) {
            return warnings;
        }
        List<ModelVersion> all = versionsOf(endpoint, versions);
        long disk = 0;
        long memory = 0;
        for (ModelVersion version : all) {
            String single = advice(version);
            if (single != null) {
                warnings.add(single);
            }
            disk += version.sizeBytes();
            memory += estimatedMemory(version);
        }
        if (all.size() > 1 && (exceeds(memory, memoryBudgetBytes, 1.0) || exceeds(disk, diskBytes, 1.0))) {
            warnings.add("the endpoint's " + all.size() + " versions need about " + mb(memory) + " MB of memory and "
                    + mb(disk) + " MB of disk together, more than the function has (" + limits()
                    + "): they will evict each other and reload under mixed traffic");
        }
        return warnings;
    }

    /** A warning for one version on its own (at registration), or null when it fits comfortably. */
    public String advice(ModelVersion version) {
        String problem = tooLarge(version);
        if (problem != null) {
            return problem + ": it can only be served from an endpoint with a remote backend (sagemaker:<endpoint name> "
                    + "or http:<url>)";
        }
        if (exceeds(estimatedMemory(version), memoryBudgetBytes, WARN_SHARE) || exceeds(version.sizeBytes(), diskBytes, WARN_SHARE)) {
            return version.key() + " (" + mb(version.sizeBytes()) + " MB) takes over half of the function's room ("
                    + limits() + "): cold loads are slow and evict other models; consider a remote backend";
        }
        return null;
    }

    private String tooLarge(ModelVersion version) {
        if (exceeds(version.sizeBytes(), diskBytes, 1.0)) {
            return version.key() + " is " + mb(version.sizeBytes()) + " MB, more than the function's model disk of "
                    + mb(diskBytes) + " MB (/tmp holds 512 MB with SnapStart)";
        }
        if (exceeds(version.sizeBytes(), memoryBudgetBytes, 1.0)) {
            return version.key() + " is " + mb(version.sizeBytes()) + " MB, more than the model cache's memory budget of "
                    + mb(memoryBudgetBytes) + " MB";
        }
        return null;
    }

    private static boolean remote(EndpointConfig endpoint) {
        try {
            return Backend.parse(endpoint.backend()).remote();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<ModelVersion> versionsOf(EndpointConfig endpoint, Function<ModelKey, ModelVersion> versions) {
        Map<ModelKey, ModelVersion> distinct = new LinkedHashMap<>();
        for (Variant v : endpoint.variants()) {
            distinct.computeIfAbsent(v.model(), versions);
        }
        endpoint.shadowConfig().ifPresent(s -> distinct.computeIfAbsent(s.model(), versions));
        distinct.values().removeIf(v -> v == null);
        return List.copyOf(distinct.values());
    }

    private static long estimatedMemory(ModelVersion version) {
        return (long) (version.sizeBytes() * MEMORY_FACTOR);
    }

    private static boolean exceeds(long value, long limit, double share) {
        return limit > 0 && value > limit * share;
    }

    private String limits() {
        List<String> parts = new ArrayList<>();
        if (memoryBudgetBytes > 0) {
            parts.add("model memory " + mb(memoryBudgetBytes) + " MB");
        }
        if (diskBytes > 0) {
            parts.add("model disk " + mb(diskBytes) + " MB");
        }
        return String.join(", ", parts);
    }

    private static long mb(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0));
    }
}
