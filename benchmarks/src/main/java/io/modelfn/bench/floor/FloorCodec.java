package io.modelfn.bench.floor;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * The floor's wire format: the Open Inference Protocol's inference request with one FP32 input
 * (flat or nested data), decoded in one streaming pass with Jackson; the answer written as modelfn's
 * local runner writes it for {@code /v2/models/{m}/versions/{v}/infer}, byte for byte (same field
 * order, same number formatting: Jackson's default writers, as modelfn's codec uses).
 *
 * <p>Thread-safe (the factory is); each call works on the caller's {@link FloorRequest}.
 */
final class FloorCodec {

    /** The variant modelfn names when the path pins a version. */
    static final String PINNED = "pinned";

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** Decodes {@code body[offset, offset + length)} into {@code into} (reset first). */
    void decode(byte[] body, int offset, int length, FloorRequest into) {
        into.reset();
        boolean input = false;
        try (JsonParser p = JSON.createParser(body, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new FloorRequestException("an inference request is a JSON object");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new FloorRequestException("'id' must be a string");
                        }
                        into.id(p.getText());
                    }
                    case "inputs" -> {
                        if (value != JsonToken.START_ARRAY || p.nextToken() != JsonToken.START_OBJECT) {
                            throw new FloorRequestException("'inputs' must be an array of one tensor");
                        }
                        input(p, into);
                        if (p.nextToken() != JsonToken.END_ARRAY) {
                            throw new FloorRequestException("the floor serves models with one input");
                        }
                        input = true;
                    }
                    default -> throw new FloorRequestException("unknown field in the inference request (expected id, inputs)");
                }
            }
        } catch (JsonProcessingException e) {
            throw new FloorRequestException("invalid JSON at offset " + e.getLocation().getCharOffset());
        } catch (IOException e) {
            throw new FloorRequestException("unreadable body");
        }
        if (!input) {
            throw new FloorRequestException("'inputs' must list one input tensor");
        }
        if (into.count() != into.elements()) {
            throw new FloorRequestException("the data has " + into.count() + " values; the shape holds " + into.elements());
        }
    }

    private static void input(JsonParser p, FloorRequest into) throws IOException {
        boolean typed = false;
        boolean shaped = false;
        boolean data = false;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new FloorRequestException("input 'name' must be a string");
                    }
                    into.inputName(p.getText());
                }
                case "datatype" -> {
                    if (value != JsonToken.VALUE_STRING || !"FP32".equals(p.getText())) {
                        throw new FloorRequestException("the floor serves FP32 inputs");
                    }
                    typed = true;
                }
                case "shape" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw new FloorRequestException("'shape' must be an array of integers");
                    }
                    for (JsonToken d = p.nextToken(); d != JsonToken.END_ARRAY; d = p.nextToken()) {
                        if (d != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                            throw new FloorRequestException("'shape' must be an array of non-negative integers");
                        }
                        into.addDim(p.getLongValue());
                    }
                    shaped = true;
                }
                case "data" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw new FloorRequestException("'data' must be an array of numbers");
                    }
                    data(p, into);
                    data = true;
                }
                default -> throw new FloorRequestException("unknown field in an input tensor (expected name, datatype, shape, data)");
            }
        }
        if (into.inputName() == null || !typed || !shaped || !data) {
            throw new FloorRequestException("each input needs 'name', 'datatype', 'shape' and 'data'");
        }
    }

    /** Flat or nested numbers, flattened in order; the caller checks the count against the shape. */
    private static void data(JsonParser p, FloorRequest into) throws IOException {
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                float v = p.getFloatValue();
                if (!Float.isFinite(v)) {
                    throw new FloorRequestException("FP32 values must be finite");
                }
                into.add(v);
            } else if (t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_ARRAY) {
                depth--;
            } else {
                throw new FloorRequestException("'data' must hold numbers only");
            }
        }
    }

    /** The answer, as modelfn writes it for a pinned version: model, version, id, endpoint and variant, outputs. */
    void encode(OutputStream out, String model, String version, String id, OrtSession.Result result) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model_name", model);
            g.writeStringField("model_version", version);
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeObjectFieldStart("parameters");
            g.writeStringField("endpoint", model);
            g.writeStringField("variant", PINNED);
            g.writeEndObject();
            g.writeArrayFieldStart("outputs");
            for (Map.Entry<String, OnnxValue> output : result) {
                tensor(g, output.getKey(), (OnnxTensor) output.getValue());
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void tensor(JsonGenerator g, String name, OnnxTensor tensor) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        var info = tensor.getInfo();
        g.writeStringField("datatype", switch (info.type) {
            case FLOAT -> "FP32";
            case INT64 -> "INT64";
            default -> throw new IllegalStateException("the floor writes FP32 and INT64 outputs, not " + info.type);
        });
        g.writeArrayFieldStart("shape");
        for (long dim : info.getShape()) {
            g.writeNumber(dim);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("data");
        if (info.type == ai.onnxruntime.OnnxJavaType.FLOAT) {
            FloatBuffer values = tensor.getFloatBuffer();
            while (values.hasRemaining()) {
                g.writeNumber(values.get());
            }
        } else {
            LongBuffer values = tensor.getLongBuffer();
            while (values.hasRemaining()) {
                g.writeNumber(values.get());
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
