package io.modelfn.api.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.admin.InvalidAdminRequestException;
import io.modelfn.core.monitoring.AbCompareService;
import io.modelfn.core.monitoring.AbComparison;
import io.modelfn.core.monitoring.ConfusionMatrix;
import io.modelfn.core.protocol.Json;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * {@code POST /admin/ab/compare}: two versions compared on their feedback. Either
 * {@code {"endpoint":"iris"}} (its stable and canary variants, or its two heaviest) or
 * {@code {"model":"iris","a":"1.0.0","b":"1.1.0"}}; {@code effect} is the smallest difference worth
 * detecting (default 0.05).
 */
public class AbCompareFunction {

    @Inject
    AbCompareService comparisons;

    @Funq("admin/ab/compare")
    public JsonNode compare(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new InvalidAdminRequestException("the body must be a JSON object");
        }
        double effect = request.path("effect").asDouble(0.05);
        if (request.hasNonNull("endpoint")) {
            return json(comparisons.compareEndpoint(request.get("endpoint").asText(), effect));
        }
        String model = request.path("model").asText(null);
        if (model == null || !request.hasNonNull("a") || !request.hasNonNull("b")) {
            throw new InvalidAdminRequestException("give 'endpoint', or 'model' with versions 'a' and 'b'");
        }
        return json(comparisons.compareVersions(model, request.get("a").asText(), request.get("b").asText(), effect));
    }

    static ObjectNode json(AbComparison comparison) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.set("a", side(comparison.a()));
        node.set("b", side(comparison.b()));
        node.put("z", comparison.z());
        node.put("pValue", comparison.pValue());
        node.put("effect", comparison.effect());
        node.put("sampleSizePerVersion", comparison.sampleSizePerGroup());
        node.put("verdict", comparison.verdict());
        return node;
    }

    private static ObjectNode side(AbComparison.Side side) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", side.name());
        node.put("model", side.version().name());
        node.put("version", side.version().version());
        node.put("feedback", side.feedback());
        node.put("accuracy", side.accuracy());
        if (side.accuracyInterval() != null) {
            ArrayNode interval = node.putArray("accuracy95");
            interval.add(side.accuracyInterval().low());
            interval.add(side.accuracyInterval().high());
        }
        node.put("macroF1", side.macroF1());
        node.put("meanAbsoluteError", side.meanAbsoluteError());
        node.put("rootMeanSquaredError", side.rootMeanSquaredError());
        ArrayNode classes = node.putArray("classes");
        for (ConfusionMatrix.ClassScores scores : side.perClass()) {
            classes.addObject().put("label", scores.label()).put("precision", scores.precision())
                    .put("recall", scores.recall()).put("f1", scores.f1()).put("support", scores.support());
        }
        return node;
    }
}
