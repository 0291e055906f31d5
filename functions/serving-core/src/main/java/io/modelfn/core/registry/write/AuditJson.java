package io.modelfn.core.registry.write;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.Variant;

/**
 * The states an {@link AuditEvent} records in {@code from} and {@code to}, as compact JSON with a
 * fixed field order. Every {@link ModelRegistry} writes them with these functions, so the audit trail
 * reads the same whatever stores it, and an operator can diff two events field by field.
 *
 * <p>A version's state leaves the card out (it never changes after registration, and may be large):
 * what the audit shows is what a mutation can change.
 *
 * <p>Thread-safe (stateless).
 */
public final class AuditJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditJson() {
    }

    /**
     * {@code {"name","variants":[{"name","model","version","weight"}],"shadow":{"model","version","sampleRate"}?,
     * "stickySalt","backend","revision"}}.
     */
    public static String endpoint(EndpointConfig endpoint) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", endpoint.name());
        ArrayNode variants = root.putArray("variants");
        for (Variant variant : endpoint.variants()) {
            ObjectNode v = variants.addObject();
            v.put("name", variant.name());
            v.put("model", variant.model().name());
            v.put("version", variant.model().version());
            v.put("weight", variant.weight());
        }
        endpoint.shadowConfig().ifPresent(shadow -> {
            ObjectNode s = root.putObject("shadow");
            s.put("model", shadow.model().name());
            s.put("version", shadow.model().version());
            s.put("sampleRate", shadow.sampleRate());
        });
        root.put("stickySalt", endpoint.stickySalt());
        root.put("backend", endpoint.backend());
        if (endpoint.resultCache()) {
            root.put("resultCache", true);
        }
        if (!endpoint.alarmLimits().isEmpty()) {
            ObjectNode l = root.putObject("alarmLimits");
            var limits = endpoint.alarmLimits();
            if (limits.maxServerErrorRate() != null) {
                l.put("maxServerErrorRate", limits.maxServerErrorRate());
            }
            if (limits.maxP99LatencyMs() != null) {
                l.put("maxP99LatencyMs", limits.maxP99LatencyMs());
            }
            if (limits.minAccuracy() != null) {
                l.put("minAccuracy", limits.minAccuracy());
            }
            if (limits.minFeedbackSamples() != null) {
                l.put("minFeedbackSamples", limits.minFeedbackSamples());
            }
            if (limits.evaluationPeriods() != null) {
                l.put("evaluationPeriods", limits.evaluationPeriods());
            }
        }
        endpoint.rolloutPlan().ifPresent(plan -> {
            ObjectNode r = root.putObject("rollout");
            r.put("canary", plan.canary().toString());
            ArrayNode steps = r.putArray("steps");
            plan.steps().forEach(steps::add);
            r.put("step", plan.step());
            r.put("state", plan.state().name());
            r.put("reason", plan.reason());
            if (!plan.watch().isZero()) {
                r.put("watchSeconds", plan.watch().toSeconds());
            }
            if (plan.promotion() != null) {
                r.put("replaced", plan.promotion().previousStable().toString());
            }
        });
        root.put("revision", endpoint.revision());
        return root.toString();
    }

    /** {@code {"model","version","state","stateReason"?,"artifactUri","sha256","revision"}}. */
    public static String version(VersionRecord record) {
        ModelVersion version = record.version();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", version.key().name());
        root.put("version", version.key().version());
        root.put("state", version.state().name());
        if (record.stateReason() != null && !record.stateReason().isEmpty()) {
            root.put("stateReason", record.stateReason());
        }
        root.put("artifactUri", version.artifact().uri());
        root.put("sha256", version.sha256());
        root.put("revision", record.revision());
        return root.toString();
    }

    /** {@code {"model","alias","version","previousVersion"?,"revision"}}. */
    public static String alias(AliasRecord alias) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", alias.model());
        root.put("alias", alias.alias());
        root.put("version", alias.version());
        if (alias.previousVersion() != null) {
            root.put("previousVersion", alias.previousVersion());
        }
        root.put("revision", alias.revision());
        return root.toString();
    }
}
