package io.modelfn.core.protocol.simple;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.NestedArrays;
import io.modelfn.core.protocol.OutputRows;
import io.modelfn.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The function-style JSON of {@code predict}: inputs as nested arrays by name (types from the
 * signature), outputs the same way, plus the class names of predicted labels.
 *
 * <pre>
 * {"endpoint": "iris", "inputs": {"input": [[5.1, 3.5, 1.4, 0.2]]}}
 * → {"endpoint": "iris", "model": "iris", "version": "1.1.0", "variant": "stable",
 *    "outputs": {"probabilities": [[0.97, 0.03, 0.0]], "label": [0]}, "classes": ["setosa"]}
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class SimpleJsonCodec {

    /**
     * @param inputs an object of named nested arrays, or one nested array for a single-input model
     */
    public Map<String, Tensor> decodeInputs(JsonNode inputs, Signature signature) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        if (inputs == null || inputs.isNull() || inputs.isMissingNode()) {
            throw new MalformedRequestException("'inputs' is missing");
        }
        if (inputs.isArray()) {
            if (signature.inputs().size() != 1) {
                throw new MalformedRequestException("this model takes " + signature.inputs().size()
                        + " inputs: give 'inputs' as an object of named arrays");
            }
            TensorSpec only = signature.inputs().get(0);
            tensors.put(only.name(), NestedArrays.read(inputs, only));
            return tensors;
        }
        if (!inputs.isObject()) {
            throw new MalformedRequestException("'inputs' must be an object of named arrays (or an array)");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = inputs.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            TensorSpec spec = signature.input(field.getKey()).orElseThrow(() -> new MalformedRequestException(
                    "unknown input '" + abbreviate(field.getKey()) + "'"));
            tensors.put(spec.name(), NestedArrays.read(field.getValue(), spec));
        }
        return tensors;
    }

    public JsonNode encode(Prediction prediction) {
        try (TokenBuffer buffer = new TokenBuffer(Json.MAPPER, false)) {
            JsonGenerator g = buffer;
            g.writeStartObject();
            g.writeStringField("endpoint", prediction.endpoint());
            g.writeStringField("model", prediction.version().key().name());
            g.writeStringField("version", prediction.version().key().version());
            g.writeStringField("variant", prediction.variant());
            g.writeObjectFieldStart("outputs");
            for (Tensor t : prediction.outputs().values()) {
                g.writeFieldName(t.name());
                if (t.rank() == 0) {
                    g.writeStartArray();
                    NestedArrays.writeRow(g, t, 0);
                    g.writeEndArray();
                } else {
                    NestedArrays.write(g, t);
                }
            }
            g.writeEndObject();
            int rows = OutputRows.rows(prediction);
            if (OutputRows.className(prediction, prediction.version().labels(), 0) != null) {
                g.writeArrayFieldStart("classes");
                for (int row = 0; row < rows; row++) {
                    g.writeString(OutputRows.className(prediction, prediction.version().labels(), row));
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            return Json.MAPPER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
