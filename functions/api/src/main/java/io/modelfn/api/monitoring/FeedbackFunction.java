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
 * {@code POST /feedback}: a client reports the true outcome of a prediction this system served.
 *
 * <pre>{"predictionToken": "k1.AQ...", "actual": 2}</pre>
 *
 * <p>{@code predictionToken} is the prediction answer's {@code X-ModelFn-Prediction-Token} header: it says,
 * signed, which prediction it was, who served it and what it predicted. {@code actual} is a class index or
 * name, or a number for regressions. The fields {@code predictionId}, {@code endpoint}, {@code model},
 * {@code version}, {@code variant} and {@code predicted} may still be sent; each must agree with the token
 * (400 otherwise). Statuses: 400 missing or malformed token, 401 a token this system did not sign (forged,
 * changed, unknown key), 403 expired, 409 feedback on this prediction already recorded, 503 no token key
 * configured.
 */
public class FeedbackFunction {

    private static final Set<String> FIELDS = Set.of("predictionToken", "actual", "predictionId", "endpoint", "model",
            "version", "variant", "predicted");

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
        var claimed = new FeedbackReport.Claimed(text(body, "predictionId"), text(body, "endpoint"), text(body, "model"),
                text(body, "version"), text(body, "variant"), body.get("predicted"));
        var recorded = feedback.record(new FeedbackReport(text(body, "predictionToken"), body.get("actual"), claimed));
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
