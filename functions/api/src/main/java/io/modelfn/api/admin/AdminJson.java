package io.modelfn.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.admin.ModelCatalog;
import io.modelfn.core.admin.UploadTicket;
import io.modelfn.core.admin.ValidationReport;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.VersionRecord;
import java.io.IOException;
import java.util.List;

/** The admin API's JSON: registry records as the operator CLI reads them. */
public final class AdminJson {

    private AdminJson() {
    }

    public static ObjectNode version(VersionRecord record, boolean withCard) {
        var v = record.version();
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("model", v.key().name());
        node.put("version", v.key().version());
        node.put("state", v.state().name());
        node.put("stateReason", record.stateReason());
        node.put("sha256", v.sha256());
        node.put("sizeBytes", v.sizeBytes());
        node.put("artifact", v.artifact().uri());
        if (v.artifact().versionId() != null) {
            node.put("artifactVersionId", v.artifact().versionId());
        }
        node.put("task", v.task() == null ? null : v.task().name().toLowerCase(java.util.Locale.ROOT));
        ObjectNode signature = node.putObject("signature");
        specs(signature.putArray("inputs"), v.signature().inputs());
        specs(signature.putArray("outputs"), v.signature().outputs());
        JsonNode card = parse(record.cardJson());
        node.set("metrics", card.path("metrics").isObject() ? card.get("metrics") : Json.MAPPER.createObjectNode());
        node.put("createdAt", v.createdAt() == null ? null : v.createdAt().toString());
        node.put("createdBy", record.createdBy());
        node.put("updatedAt", record.updatedAt() == null ? null : record.updatedAt().toString());
        node.put("revision", record.revision());
        if (withCard) {
            node.set("card", card);
        }
        return node;
    }

    private static void specs(ArrayNode array, List<TensorSpec> specs) {
        for (TensorSpec spec : specs) {
            ObjectNode s = array.addObject();
            s.put("name", spec.name());
            s.put("datatype", spec.dataType().onnxName());
            ArrayNode shape = s.putArray("shape");
            for (long dim : spec.shape()) {
                shape.add(dim);
            }
        }
    }

    public static ObjectNode alias(AliasRecord alias) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("model", alias.model());
        node.put("alias", alias.alias());
        node.put("version", alias.version());
        node.put("previousVersion", alias.previousVersion());
        node.put("revision", alias.revision());
        node.put("updatedAt", alias.updatedAt() == null ? null : alias.updatedAt().toString());
        node.put("updatedBy", alias.updatedBy());
        return node;
    }

    public static ObjectNode endpoint(EndpointConfig endpoint) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", endpoint.name());
        ArrayNode variants = node.putArray("variants");
        for (Variant v : endpoint.variants()) {
            ObjectNode variant = variants.addObject();
            variant.put("name", v.name());
            variant.put("model", v.model().name());
            variant.put("version", v.model().version());
            variant.put("weight", v.weight());
        }
        if (endpoint.shadow() == null) {
            node.putNull("shadow");
        } else {
            ObjectNode shadow = node.putObject("shadow");
            shadow.put("model", endpoint.shadow().model().name());
            shadow.put("version", endpoint.shadow().model().version());
            shadow.put("sampleRate", endpoint.shadow().sampleRate());
        }
        node.put("stickySalt", endpoint.stickySalt());
        node.put("backend", endpoint.backend());
        node.put("resultCache", endpoint.resultCache());
        if (endpoint.rollout() == null) {
            node.putNull("rollout");
        } else {
            var plan = endpoint.rollout();
            ObjectNode rollout = node.putObject("rollout");
            rollout.put("canary", plan.canary().version());
            rollout.put("state", plan.state().name());
            ArrayNode steps = rollout.putArray("steps");
            plan.steps().forEach(steps::add);
            rollout.put("step", plan.step());
            rollout.put("weight", plan.currentWeight());
            rollout.put("bakeSeconds", plan.bake().toSeconds());
            rollout.put("minRequests", plan.minRequests());
            rollout.put("alias", plan.alias());
            rollout.put("stepStartedAt", plan.stepStartedAt() == null ? null : plan.stepStartedAt().toString());
            rollout.put("reason", plan.reason());
        }
        node.put("revision", endpoint.revision());
        node.put("updatedAt", endpoint.updatedAt() == null ? null : endpoint.updatedAt().toString());
        return node;
    }

    public static ObjectNode event(AuditEvent event) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", event.id());
        node.put("at", event.at() == null ? null : event.at().toString());
        node.put("subject", event.subject());
        node.put("action", event.action());
        node.put("actor", event.actor());
        node.set("from", event.from() == null ? null : parse(event.from()));
        node.set("to", event.to() == null ? null : parse(event.to()));
        node.put("reason", event.reason());
        node.put("requestId", event.requestId());
        return node;
    }

    public static ObjectNode report(ValidationReport report) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("passed", report.passed());
        ArrayNode checks = node.putArray("checks");
        for (ValidationReport.Check check : report.checks()) {
            checks.addObject().put("name", check.name()).put("passed", check.passed()).put("detail", check.detail());
        }
        return node;
    }

    public static ObjectNode registration(VersionRecord version, ValidationReport report) {
        ObjectNode node = version(version, false);
        node.set("validation", report(report));
        return node;
    }

    /** The details of a failed validation: the version as stored (FAILED) and the report. */
    public static ObjectNode validationFailure(io.modelfn.core.admin.ValidationFailedException failed) {
        ObjectNode details = Json.MAPPER.createObjectNode();
        details.set("version", version(failed.version(), false));
        details.set("validation", report(failed.report()));
        return details;
    }

    public static ObjectNode ticket(UploadTicket ticket) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("url", ticket.url());
        node.put("method", ticket.method());
        ObjectNode headers = node.putObject("headers");
        ticket.headers().forEach(headers::put);
        node.put("location", ticket.location());
        node.put("expiresAt", ticket.expiresAt().toString());
        return node;
    }

    public static ObjectNode comparison(ModelCatalog.Comparison comparison) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.set("a", version(comparison.a(), false));
        node.set("b", version(comparison.b(), false));
        ArrayNode metrics = node.putArray("metrics");
        for (ModelCatalog.MetricDelta m : comparison.metrics()) {
            ObjectNode metric = metrics.addObject();
            metric.put("name", m.name());
            metric.put("a", m.a());
            metric.put("b", m.b());
            metric.put("delta", m.delta());
        }
        node.put("signatureEqual", comparison.signatureEqual());
        ArrayNode differences = node.putArray("differences");
        comparison.differences().forEach(differences::add);
        return node;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(json);
        }
    }
}
