package io.modelfn.core.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.model.DataType;
import io.modelfn.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A version's {@code reference.json}: inputs and the outputs Python's ONNX Runtime computed for them
 * (the independent reference). Tensors are written as Open Inference Protocol tensors with flat data.
 */
public record ReferenceVectors(String model, String version, List<Case> cases) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One call: named inputs and the expected named outputs. */
    public record Case(String name, Map<String, Tensor> inputs, Map<String, Tensor> outputs, JsonNode json) {
    }

    public static ReferenceVectors read(Path file) {
        try {
            JsonNode root = MAPPER.readTree(Files.readAllBytes(file));
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : root.path("cases")) {
                cases.add(new Case(c.path("name").asText(), tensors(c.path("inputs")), tensors(c.path("outputs")), c));
            }
            return new ReferenceVectors(root.path("model").asText(), root.path("version").asText(), cases);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Tensor> tensors(JsonNode array) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (JsonNode t : array) {
            tensors.put(t.path("name").asText(), tensor(t));
        }
        return tensors;
    }

    static Tensor tensor(JsonNode t) {
        String name = t.path("name").asText();
        DataType type = DataType.fromOipName(t.path("datatype").asText())
                .orElseThrow(() -> new IllegalArgumentException("unknown datatype in reference: " + t));
        JsonNode shapeNode = t.path("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
        }
        JsonNode data = t.path("data");
        int n = data.size();
        Object values = switch (type) {
            case FP32 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) data.get(i).asDouble();
                }
                yield v;
            }
            case FP64 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = data.get(i).asDouble();
                }
                yield v;
            }
            case INT64 -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = data.get(i).asLong();
                }
                yield v;
            }
            case INT32 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = data.get(i).asInt();
                }
                yield v;
            }
            default -> throw new IllegalArgumentException("reference tensors of " + type + " are not used");
        };
        return Tensor.of(name, type, shape, values);
    }
}
