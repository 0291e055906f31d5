package io.modelfn.registry.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The two parts of a model card a version item keeps as JSON text, written exactly as a card writes
 * them ({@code models/model-card.schema.json}): the {@code signature} object and the
 * {@code features} array. Keeping the card's format means one parser and one schema for both.
 *
 * <p>Features are written from {@link ModelCard.FeatureStats}, which holds name, mean, std and the
 * bins; a card's optional {@code min}/{@code max} stay in the card item.
 *
 * <p>Thread-safe.
 */
public final class CardJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CardJson() {
    }

    /** {@code {"inputs":[{"name","datatype","shape"}...],"outputs":[...]}} with ONNX datatype names. */
    public static String signatureJson(Signature signature) {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("inputs", tensors(signature.inputs()));
        root.set("outputs", tensors(signature.outputs()));
        return root.toString();
    }

    /**
     * Parses a card's {@code signature} object.
     *
     * @throws IllegalArgumentException when it is not a valid signature
     */
    public static Signature signature(String json) {
        JsonNode root = parse(json, "signature");
        if (!root.isObject()) {
            throw new IllegalArgumentException("signature is not a JSON object");
        }
        return new Signature(tensors(root.path("inputs"), "inputs"), tensors(root.path("outputs"), "outputs"));
    }

    /** A card's {@code features} array. */
    public static String featuresJson(List<ModelCard.FeatureStats> features) {
        ArrayNode array = MAPPER.createArrayNode();
        for (ModelCard.FeatureStats feature : features) {
            ObjectNode node = array.addObject();
            node.put("name", feature.name());
            node.put("mean", feature.mean());
            node.put("std", feature.std());
            ArrayNode edges = node.putArray("binEdges");
            for (double edge : feature.binEdges()) {
                edges.add(edge);
            }
            ArrayNode proportions = node.putArray("binProportions");
            for (double proportion : feature.binProportions()) {
                proportions.add(proportion);
            }
        }
        return array.toString();
    }

    /**
     * Parses a card's {@code features} array.
     *
     * @throws IllegalArgumentException when it is not a valid features array
     */
    public static List<ModelCard.FeatureStats> features(String json) {
        JsonNode root = parse(json, "features");
        if (!root.isArray()) {
            throw new IllegalArgumentException("features is not a JSON array");
        }
        List<ModelCard.FeatureStats> features = new ArrayList<>(root.size());
        for (JsonNode f : root) {
            String name = f.path("name").asText("");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a feature has no name");
            }
            // FeatureStats checks that there is one more proportion than there are edges.
            features.add(new ModelCard.FeatureStats(name, f.path("mean").asDouble(), f.path("std").asDouble(),
                    doubles(f.path("binEdges"), name + ".binEdges"),
                    doubles(f.path("binProportions"), name + ".binProportions")));
        }
        return features;
    }

    private static ArrayNode tensors(List<TensorSpec> specs) {
        ArrayNode array = MAPPER.createArrayNode();
        for (TensorSpec spec : specs) {
            ObjectNode node = array.addObject();
            node.put("name", spec.name());
            node.put("datatype", spec.dataType().onnxName());
            ArrayNode shape = node.putArray("shape");
            for (long dim : spec.shape()) {
                shape.add(dim);
            }
        }
        return array;
    }

    private static List<TensorSpec> tensors(JsonNode array, String where) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("signature." + where + " is not a JSON array");
        }
        List<TensorSpec> specs = new ArrayList<>(array.size());
        for (JsonNode t : array) {
            String name = t.path("name").asText("");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("signature." + where + " has a tensor without a name");
            }
            DataType type = DataType.fromOnnxName(t.path("datatype").asText(null)).orElseThrow(() ->
                    new IllegalArgumentException("signature." + where + "." + name + " has an unknown ONNX datatype"));
            JsonNode shapeNode = t.path("shape");
            if (!shapeNode.isArray()) {
                throw new IllegalArgumentException("signature." + where + "." + name + " has no shape");
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode dim = shapeNode.get(i);
                if (!dim.canConvertToLong()) {
                    throw new IllegalArgumentException("signature." + where + "." + name + ": dimension " + i
                            + " is not an integer");
                }
                shape[i] = dim.asLong();
            }
            // TensorSpec refuses dimensions below -1.
            specs.add(new TensorSpec(name, type, shape));
        }
        return specs;
    }

    private static double[] doubles(JsonNode array, String where) {
        if (!array.isArray()) {
            throw new IllegalArgumentException(where + " is not a JSON array");
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = array.get(i);
            if (!value.isNumber()) {
                throw new IllegalArgumentException(where + "[" + i + "] is not a number");
            }
            values[i] = value.asDouble();
        }
        return values;
    }

    private static JsonNode parse(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // The parser's message quotes the text; say only where it broke.
            throw new IllegalArgumentException(what + " is not valid JSON (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        }
    }
}
