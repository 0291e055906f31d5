package io.modelfn.api.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.monitoring.AbComparison;
import io.modelfn.core.monitoring.AbComparisons;
import io.modelfn.core.monitoring.ConfusionMatrix;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.VersionRecord;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;

/**
 * {@code POST /admin/ab/compare}: two versions compared on their feedback. Either
 * {@code {"endpoint":"iris"}} (its stable and canary variants, or its two heaviest) or
 * {@code {"model":"iris","a":"1.0.0","b":"1.1.0"}}; {@code effect} is the smallest difference worth
 * detecting (default 0.05).
 */
public class AbCompareFunction {

    @Inject
    AbComparisons comparisons;

    @Inject
    ModelRegistry registry;

    @Funq("admin/ab/compare")
    public JsonNode compare(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new InvalidAdminRequestException("the body must be a JSON object");
        }
        double effect = request.path("effect").asDouble(0.05);
        String nameA;
        String nameB;
        ModelKey a;
        ModelKey b;
        if (request.hasNonNull("endpoint")) {
            String name = request.get("endpoint").asText();
            EndpointConfig endpoint = registry.endpoint(name).orElseThrow(() -> new EndpointNotFoundException(name));
            List<Variant> pair = pair(endpoint);
            nameA = pair.get(0).name();
            nameB = pair.get(1).name();
            a = pair.get(0).model();
            b = pair.get(1).model();
        } else {
            String model = request.path("model").asText(null);
            if (model == null || !request.hasNonNull("a") || !request.hasNonNull("b")) {
                throw new InvalidAdminRequestException("give 'endpoint', or 'model' with versions 'a' and 'b'");
            }
            a = new ModelKey(model, request.get("a").asText());
            b = new ModelKey(model, request.get("b").asText());
            nameA = a.version();
            nameB = b.version();
        }
        VersionRecord versionA = registry.version(a).orElseThrow(() -> new VersionNotFoundException(a + " is not registered"));
        registry.version(b).orElseThrow(() -> new VersionNotFoundException(b + " is not registered"));
        return json(comparisons.compare(nameA, a, nameB, b, versionA.version().task(), effect));
    }

    /** Stable and canary when both exist, else the two heaviest variants. */
    private static List<Variant> pair(EndpointConfig endpoint) {
        var stable = endpoint.variant(Variant.STABLE);
        var canary = endpoint.variant(Variant.CANARY);
        if (stable.isPresent() && canary.isPresent()) {
            return List.of(stable.get(), canary.get());
        }
        List<Variant> heaviest = endpoint.variants().stream()
                .sorted(Comparator.comparingInt(Variant::weight).reversed()).limit(2).toList();
        if (heaviest.size() < 2) {
            throw new InvalidAdminRequestException("endpoint '" + endpoint.name() + "' has one variant: nothing to compare");
        }
        return heaviest;
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
