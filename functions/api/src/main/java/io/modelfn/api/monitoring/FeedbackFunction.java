package io.modelfn.api.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.monitoring.FeedbackReport;
import io.modelfn.core.monitoring.FeedbackService;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.protocol.MalformedRequestException;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * {@code POST /feedback}: a client reports the true outcome of an earlier prediction.
 *
 * <pre>{"predictionId": "...", "endpoint": "iris", "model": "iris", "version": "1.1.0",
 *  "variant": "canary", "predicted": 1, "actual": 2}</pre>
 *
 * <p>{@code predictionId} is the prediction's {@code X-Request-Id}; model, version and variant are its
 * {@code X-ModelFn-*} headers (variant may be left out when one variant serves that version). Labels
 * are class indexes or names; regressions report numbers. Each prediction counts once (409 after).
 */
public class FeedbackFunction {

    private static final Set<String> FIELDS = Set.of("predictionId", "endpoint", "model", "version", "variant",
            "predicted", "actual");

    @Inject
    FeedbackService feedback;

    @Funq("feedback")
    public JsonNode record(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new MalformedRequestException("the body must be a JSON object");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new MalformedRequestException("unknown field '" + (name.length() > 64 ? name.substring(0, 64) : name)
                        + "' (expected " + String.join(", ", FIELDS) + ")");
            }
        });
        var recorded = feedback.record(new FeedbackReport(text(body, "predictionId"), text(body, "endpoint"),
                text(body, "model"), text(body, "version"), text(body, "variant"), body.get("predicted"), body.get("actual")));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("recorded", true);
        answer.put("model", recorded.version().name());
        answer.put("version", recorded.version().version());
        answer.put("variant", recorded.variant());
        if (recorded.correct() != null) {
            answer.put("correct", recorded.correct());
        }
        if (recorded.absoluteError() != null) {
            answer.put("absoluteError", recorded.absoluteError());
        }
        return answer;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new MalformedRequestException("'" + field + "' must be a string");
        }
        return value.asText();
    }
}
