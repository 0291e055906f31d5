package io.modelfn.core.protocol.simple;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.model.Signature;
import io.modelfn.core.prediction.ProtocolRequest;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request of the {@code predict} function: one JSON object naming the endpoint, with optional
 * {@code version}, {@code routingKey} and {@code outputs}; unknown fields are refused.
 *
 * <pre>{"endpoint": "iris", "inputs": {"input": [[5.1, 3.5, 1.4, 0.2]]}}</pre>
 */
public final class SimpleJsonRequest implements ProtocolRequest {

    private static final Set<String> FIELDS = Set.of("endpoint", "version", "routingKey", "inputs", "outputs");

    private final SimpleJsonCodec codec;
    private final JsonNode body;
    private String endpoint;
    private String version;
    private String routingKey;
    private List<String> outputs = List.of();

    public SimpleJsonRequest(SimpleJsonCodec codec, JsonNode body) {
        this.codec = codec;
        this.body = body;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String pinnedVersion() {
        return version;
    }

    @Override
    public void read() {
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
        endpoint = text("endpoint", true);
        version = text("version", false);
        routingKey = text("routingKey", false);
        outputs = outputNames();
    }

    @Override
    public String routingKey() {
        return routingKey;
    }

    @Override
    public Map<String, Tensor> inputs(Signature signature) {
        return codec.decodeInputs(body.get("inputs"), signature);
    }

    @Override
    public List<String> outputs() {
        return outputs;
    }

    private String text(String field, boolean required) {
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

    private List<String> outputNames() {
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
