package io.modelfn.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.model.DataType;
import io.modelfn.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tensors as the wire formats write them, for tests that send reference inputs and compare answers
 * with reference outputs: Open Inference Protocol tensor objects (flat or nested data), plain nested
 * arrays (the shape is the nesting) and CSV rows. Covers the types the sample models use (FP32,
 * FP64, INT32, INT64).
 */
public final class TensorJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TensorJson() {
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + (json.length() > 200 ? json.substring(0, 200) + "..." : json), e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ reading answers

    /** The {@code outputs} of an OIP inference response, by name. */
    public static Map<String, Tensor> oipOutputs(JsonNode response) {
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        for (JsonNode tensor : response.path("outputs")) {
            outputs.put(tensor.path("name").asText(), fromOip(tensor));
        }
        return outputs;
    }

    /** An OIP tensor object {@code {"name","datatype","shape","data"}}; the data may be flat or nested. */
    public static Tensor fromOip(JsonNode tensor) {
        String name = tensor.path("name").asText();
        DataType type = DataType.fromOipName(tensor.path("datatype").asText())
                .orElseThrow(() -> new IllegalArgumentException("unknown datatype in " + tensor));
        JsonNode shapeNode = tensor.path("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
        }
        List<JsonNode> values = new ArrayList<>();
        flatten(tensor.path("data"), values);
        return Tensor.of(name, type, shape, values(type, values));
    }

    /** A plain nested array as a tensor of {@code type}; the shape is the nesting. */
    public static Tensor fromNested(String name, DataType type, JsonNode nested) {
        List<Long> shape = new ArrayList<>();
        for (JsonNode node = nested; node != null && node.isArray(); node = node.isEmpty() ? null : node.get(0)) {
            shape.add((long) node.size());
        }
        List<JsonNode> values = new ArrayList<>();
        flatten(nested, values);
        return Tensor.of(name, type, shape.stream().mapToLong(Long::longValue).toArray(), values(type, values));
    }

    /**
     * Per-example answers ({@code [{"probabilities": [...], "label": 2}, ...]}) stacked back into one
     * tensor per output, typed like {@code like}.
     */
    public static Map<String, Tensor> fromRows(JsonNode rows, Map<String, Tensor> like) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        like.forEach((name, expected) -> {
            ArrayNode column = NODES.arrayNode();
            rows.forEach(row -> column.add(row.get(name)));
            tensors.put(name, fromNested(name, expected.dataType(), column));
        });
        return tensors;
    }

    /** CSV lines of numbers as a {@code [lines, columns]} tensor of {@code type}. */
    public static Tensor fromCsv(String name, DataType type, String csv) {
        ArrayNode rows = NODES.arrayNode();
        for (String line : csv.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            ArrayNode row = rows.addArray();
            for (String cell : line.split(",")) {
                row.add(NODES.numberNode(new BigDecimal(cell.trim())));
            }
        }
        return fromNested(name, type, rows);
    }

    private static void flatten(JsonNode node, List<JsonNode> into) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, into));
        } else {
            into.add(node);
        }
    }

    private static Object values(DataType type, List<JsonNode> nodes) {
        int n = nodes.size();
        return switch (type) {
            case FP32 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) nodes.get(i).asDouble();
                }
                yield v;
            }
            case FP64 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = nodes.get(i).asDouble();
                }
                yield v;
            }
            case INT32 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = integer(nodes.get(i)).intValueExact();
                }
                yield v;
            }
            case INT64 -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = integer(nodes.get(i)).longValueExact();
                }
                yield v;
            }
            default -> throw new IllegalArgumentException("tensors of " + type + " are not used by the sample models");
        };
    }

    private static BigDecimal integer(JsonNode node) {
        if (!node.isNumber()) {
            throw new IllegalArgumentException("not a number: " + node);
        }
        BigDecimal value = node.decimalValue();
        if (value.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("not an integer: " + node);
        }
        return value;
    }

    // ------------------------------------------------------------------ writing requests

    /** An OIP input tensor object; {@code nestedData} writes the data nested by the shape rather than flat. */
    public static ObjectNode oipTensor(Tensor tensor, boolean nestedData) {
        ObjectNode node = NODES.objectNode();
        node.put("name", tensor.name());
        node.put("datatype", tensor.dataType().oipName());
        ArrayNode shape = node.putArray("shape");
        for (long dim : tensor.shape()) {
            shape.add(dim);
        }
        node.set("data", nestedData ? nested(tensor) : flat(tensor));
        return node;
    }

    /** An OIP inference request body with these inputs. */
    public static ObjectNode oipRequest(Map<String, Tensor> inputs, boolean nestedData) {
        ObjectNode request = NODES.objectNode();
        ArrayNode array = request.putArray("inputs");
        inputs.values().forEach(t -> array.add(oipTensor(t, nestedData)));
        return request;
    }

    /** The tensor's values as one flat array. */
    public static ArrayNode flat(Tensor tensor) {
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < tensor.size(); i++) {
            array.add(value(tensor, i));
        }
        return array;
    }

    /** The tensor's values as arrays nested by its shape. */
    public static ArrayNode nested(Tensor tensor) {
        return nested(tensor, tensor.shape(), 0, 0);
    }

    /** One array per example (the first dimension), each holding the example's values flat. */
    public static ArrayNode flatRows(Tensor tensor) {
        int rows = (int) tensor.dimension(0);
        int width = tensor.size() / Math.max(1, rows);
        ArrayNode array = NODES.arrayNode();
        for (int r = 0; r < rows; r++) {
            ArrayNode row = array.addArray();
            for (int i = 0; i < width; i++) {
                row.add(value(tensor, r * width + i));
            }
        }
        return array;
    }

    /** One CSV line per example, the example's values flat. */
    public static String csvRows(Tensor tensor) {
        StringBuilder csv = new StringBuilder();
        for (JsonNode row : flatRows(tensor)) {
            List<String> cells = new ArrayList<>();
            row.forEach(cell -> cells.add(cell.asText()));
            csv.append(String.join(",", cells)).append('\n');
        }
        return csv.toString();
    }

    private static ArrayNode nested(Tensor tensor, long[] shape, int depth, int offset) {
        ArrayNode array = NODES.arrayNode();
        int stride = 1;
        for (int d = depth + 1; d < shape.length; d++) {
            stride *= (int) shape[d];
        }
        for (int i = 0; i < shape[depth]; i++) {
            if (depth == shape.length - 1) {
                array.add(value(tensor, offset + i));
            } else {
                array.add(nested(tensor, shape, depth + 1, offset + i * stride));
            }
        }
        return array;
    }

    private static JsonNode value(Tensor tensor, int i) {
        return switch (tensor.dataType()) {
            // Float.toString: the shortest text that reads back as the same float.
            case FP32 -> NODES.numberNode(new BigDecimal(Float.toString(tensor.floats()[i])));
            case FP64 -> NODES.numberNode(tensor.doubles()[i]);
            case INT32 -> NODES.numberNode(tensor.ints()[i]);
            case INT64 -> NODES.numberNode(tensor.longs()[i]);
            default -> throw new IllegalArgumentException("tensors of " + tensor.dataType() + " are not used by the sample models");
        };
    }
}
