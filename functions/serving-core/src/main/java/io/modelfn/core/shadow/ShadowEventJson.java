package io.modelfn.core.shadow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.backend.Backend;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of a shadow event, the payload of the asynchronous invocation that compares it:
 *
 * <pre>
 * {"modelfnShadow":1, "endpoint":"iris", "model":"iris", "version":"2.0.0", "backend":"lambda",
 *  "requestId":"...", "revision":7,
 *  "inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":"&lt;base64, little-endian&gt;"}],
 *  "served":[...]}
 * </pre>
 *
 * <p>{@value #MARKER} is always the first field: a receiver tells a shadow event from any other event
 * (API Gateway's) by the first field name alone, without reading the rest. Numeric tensor data is the
 * little-endian bytes of the values in base64 (exact, about a third of decimal text); {@code BYTES}
 * tensors are arrays of strings. Thread-safe (stateless).
 */
public final class ShadowEventJson {

    /** The first field of every shadow event; its value is the format's version. */
    public static final String MARKER = "modelfnShadow";
    static final int FORMAT = 1;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private ShadowEventJson() {
    }

    /** The event of a copy, as UTF-8 JSON. */
    public static byte[] encode(ShadowCopy copy) {
        ShadowEvent event = ShadowEvent.of(copy);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField(MARKER, FORMAT);
            json.writeStringField("endpoint", event.endpoint());
            json.writeStringField("model", event.shadow().name());
            json.writeStringField("version", event.shadow().version());
            json.writeStringField("backend", event.backend().text());
            if (event.requestId() != null) {
                json.writeStringField("requestId", event.requestId());
            }
            json.writeNumberField("revision", event.revision());
            tensors(json, "inputs", event.inputs());
            tensors(json, "served", event.served());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Whether an event is a shadow event: its first field is {@value #MARKER}. Reads at most the first
     * field name, whatever the event's size; anything that is not a JSON object is not one.
     */
    public static boolean isShadowEvent(byte[] event) {
        try (JsonParser parser = FACTORY.createParser(event)) {
            return parser.nextToken() == JsonToken.START_OBJECT && parser.nextToken() == JsonToken.FIELD_NAME
                    && MARKER.equals(parser.currentName());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads a shadow event.
     *
     * @throws InvalidShadowEventException when it is not one this version can read
     */
    public static ShadowEvent decode(byte[] event) {
        JsonNode root;
        try {
            root = MAPPER.readTree(event);
        } catch (IOException e) {
            throw new InvalidShadowEventException("a shadow event must be JSON", e);
        }
        if (root == null || !root.isObject() || root.path(MARKER).asInt(-1) != FORMAT) {
            throw new InvalidShadowEventException("not a shadow event of format " + FORMAT);
        }
        try {
            ModelKey shadow = new ModelKey(text(root, "model"), text(root, "version"));
            return new ShadowEvent(text(root, "endpoint"), shadow, tensors(root, "inputs"), tensors(root, "served"),
                    Backend.parse(root.path("backend").asText(Backend.LAMBDA)),
                    root.hasNonNull("requestId") ? root.get("requestId").asText() : null,
                    root.path("revision").asLong(-1));
        } catch (IllegalArgumentException e) {
            throw new InvalidShadowEventException("invalid shadow event: " + e.getMessage(), e);
        }
    }

    private static void tensors(JsonGenerator json, String field, Map<String, Tensor> tensors) throws IOException {
        json.writeArrayFieldStart(field);
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            Tensor tensor = entry.getValue();
            json.writeStartObject();
            json.writeStringField("name", entry.getKey());
            json.writeStringField("datatype", tensor.dataType().oipName());
            json.writeArrayFieldStart("shape");
            for (long dimension : tensor.shape()) {
                json.writeNumber(dimension);
            }
            json.writeEndArray();
            if (tensor.dataType() == DataType.BYTES) {
                json.writeArrayFieldStart("data");
                for (String value : tensor.strings()) {
                    json.writeString(value);
                }
                json.writeEndArray();
            } else {
                json.writeStringField("data", Base64.getEncoder().encodeToString(bytes(tensor)));
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static Map<String, Tensor> tensors(JsonNode root, String field) {
        JsonNode array = root.path(field);
        if (!array.isArray()) {
            throw new IllegalArgumentException(field + " must be an array");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (JsonNode node : array) {
            String name = text(node, "name");
            DataType type = DataType.fromOipName(text(node, "datatype"))
                    .orElseThrow(() -> new IllegalArgumentException("unknown datatype of " + name));
            JsonNode shapeNode = node.path("shape");
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong();
            }
            JsonNode data = node.path("data");
            Object values;
            if (type == DataType.BYTES) {
                String[] strings = new String[data.size()];
                for (int i = 0; i < strings.length; i++) {
                    strings[i] = data.get(i).asText();
                }
                values = strings;
            } else {
                values = values(type, Base64.getDecoder().decode(data.asText()));
            }
            tensors.put(name, Tensor.of(name, type, shape, values));
        }
        return tensors;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value.asText();
    }

    private static byte[] bytes(Tensor tensor) {
        int count = tensor.size();
        ByteBuffer buffer = ByteBuffer.allocate(count * Math.max(1, tensor.dataType().byteSize()))
                .order(ByteOrder.LITTLE_ENDIAN);
        switch (tensor.dataType()) {
            case FP32 -> buffer.asFloatBuffer().put(tensor.floats());
            case FP64 -> buffer.asDoubleBuffer().put(tensor.doubles());
            case INT8, UINT8 -> buffer.put(tensor.bytes());
            case INT16, UINT16, FP16 -> buffer.asShortBuffer().put(tensor.shorts());
            case INT32, UINT32 -> buffer.asIntBuffer().put(tensor.ints());
            case INT64, UINT64 -> buffer.asLongBuffer().put(tensor.longs());
            case BOOL -> {
                for (boolean value : tensor.booleans()) {
                    buffer.put((byte) (value ? 1 : 0));
                }
            }
            case BYTES -> throw new IllegalStateException("BYTES tensors are written as strings");
        }
        return buffer.array();
    }

    private static Object values(DataType type, byte[] raw) {
        ByteBuffer buffer = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int width = Math.max(1, type.byteSize());
        if (raw.length % width != 0) {
            throw new IllegalArgumentException("data of a " + type.oipName() + " tensor is not whole values");
        }
        int count = raw.length / width;
        return switch (type) {
            case FP32 -> {
                float[] values = new float[count];
                buffer.asFloatBuffer().get(values);
                yield values;
            }
            case FP64 -> {
                double[] values = new double[count];
                buffer.asDoubleBuffer().get(values);
                yield values;
            }
            case INT8, UINT8 -> raw;
            case INT16, UINT16, FP16 -> {
                short[] values = new short[count];
                buffer.asShortBuffer().get(values);
                yield values;
            }
            case INT32, UINT32 -> {
                int[] values = new int[count];
                buffer.asIntBuffer().get(values);
                yield values;
            }
            case INT64, UINT64 -> {
                long[] values = new long[count];
                buffer.asLongBuffer().get(values);
                yield values;
            }
            case BOOL -> {
                boolean[] values = new boolean[count];
                for (int i = 0; i < count; i++) {
                    values[i] = raw[i] != 0;
                }
                yield values;
            }
            case BYTES -> throw new IllegalStateException("BYTES tensors are read as strings");
        };
    }
}
