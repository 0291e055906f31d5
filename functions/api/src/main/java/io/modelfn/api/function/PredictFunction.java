package io.modelfn.api.function;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.http.RequestContext;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.prediction.PredictRequest;
import io.modelfn.core.prediction.PredictionService;
import io.modelfn.core.prediction.Resolution;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.simple.SimpleJsonCodec;
import io.modelfn.core.tensor.Tensor;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code predict}: a function for simple JSON clients. Named nested arrays in, named nested arrays
 * out, with the class names of predicted labels; the same routing, validation and metrics as the
 * inference protocol.
 *
 * <pre>{"endpoint": "iris", "inputs": {"input": [[5.1, 3.5, 1.4, 0.2]]}}</pre>
 *
 * <p>{@code version} pins a version or alias, {@code routingKey} keeps a caller on one variant,
 * {@code outputs} selects outputs; all three are optional. Unknown fields are refused.
 */
public class PredictFunction {

    private static final Set<String> FIELDS = Set.of("endpoint", "version", "routingKey", "inputs", "outputs");

    @Inject
    PredictionService predictions;

    @Inject
    SimpleJsonCodec codec;

    @Inject
    CurrentVertxRequest current;

    @Funq("predict")
    public JsonNode predict(JsonNode body) {
        var context = current.getCurrent();
        RequestContext.meter(context);
        if (body == null || !body.isObject()) {
            throw new MalformedRequestException("the body must be a JSON object with 'endpoint' and 'inputs'");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new MalformedRequestException("unknown field '" + (name.length() > 64 ? name.substring(0, 64) : name)
                        + "' (expected endpoint, version, routingKey, inputs, outputs)");
            }
        }
        String endpoint = text(body, "endpoint", true);
        String version = text(body, "version", false);
        String routingKey = text(body, "routingKey", false);
        if (routingKey == null && context != null) {
            routingKey = context.request().getHeader("X-ModelFn-Routing-Key");
        }
        Resolution resolution = predictions.resolve(endpoint, version, routingKey);
        RequestContext.resolved(context, resolution);
        Map<String, Tensor> inputs = codec.decodeInputs(body.get("inputs"), resolution.version().signature());
        PredictRequest request = new PredictRequest(endpoint, version, inputs, outputs(body), routingKey,
                RequestContext.requestId(context));
        Prediction prediction = predictions.run(resolution, inputs, request);
        RequestContext.answered(context, prediction);
        return codec.encode(prediction);
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new MalformedRequestException("'" + field + "' is required: the endpoint or model to ask");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new MalformedRequestException("'" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static List<String> outputs(JsonNode body) {
        JsonNode value = body.get("outputs");
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new MalformedRequestException("'outputs' must be an array of output names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : value) {
            if (!name.isTextual()) {
                throw new MalformedRequestException("'outputs' must be an array of output names");
            }
            names.add(name.asText());
        }
        return names;
    }
}
