package io.modelfn.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@code model.json} cards. Collects every problem it finds before refusing a card, so a team
 * fixes its card in one round. The rules mirror {@code models/model-card.schema.json}; the schema
 * is the documentation, this class is what the server enforces.
 *
 * <p>Thread-safe.
 */
public final class ModelCardReader {

    /** Model names: lower-case letters, digits and inner dashes, at most 64 characters. */
    public static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_CARD_BYTES = 1 << 20;

    private final ObjectMapper mapper;

    public ModelCardReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ModelCardReader() {
        this(new ObjectMapper());
    }

    /**
     * Parses and checks a card.
     *
     * @throws InvalidModelCardException listing every problem found
     */
    public ModelCard read(byte[] json) {
        if (json.length > MAX_CARD_BYTES) {
            throw new InvalidModelCardException(List.of("card is larger than " + MAX_CARD_BYTES + " bytes"));
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidModelCardException(List.of("not valid JSON: " + e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            throw new InvalidModelCardException(List.of("unreadable: " + e.getMessage()));
        }
        return read(root);
    }

    /** Checks an already parsed card. */
    public ModelCard read(JsonNode root) {
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new InvalidModelCardException(List.of("a card is a JSON object"));
        }
        String name = text(root, "name", problems);
        if (name != null && !MODEL_NAME.matcher(name).matches()) {
            problems.add("name '" + name + "' must be lower-case letters, digits and inner dashes (at most 64)");
        }
        SemanticVersion version = null;
        String versionText = text(root, "version", problems);
        if (versionText != null) {
            if (SemanticVersion.isValid(versionText)) {
                version = SemanticVersion.parse(versionText);
            } else {
                problems.add("version '" + versionText + "' is not a semantic version (major.minor.patch)");
            }
        }
        String description = root.path("description").asText("");
        ModelCard.Task task = null;
        String taskText = text(root, "task", problems);
        if (taskText != null) {
            try {
                task = ModelCard.Task.valueOf(taskText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("task '" + taskText + "' must be classification or regression");
            }
        }
        List<String> labels = new ArrayList<>();
        root.path("labels").forEach(label -> labels.add(label.asText()));

        Signature signature = signature(root.path("signature"), problems);
        ModelCard.Artifact artifact = artifact(root.path("artifact"), problems);
        Map<String, Double> metrics = new LinkedHashMap<>();
        JsonNode metricsNode = root.path("metrics");
        if (!metricsNode.isObject()) {
            problems.add("metrics (an object of held-out figures) is missing");
        } else {
            metricsNode.properties().forEach(e -> {
                if (e.getValue().isNumber()) {
                    metrics.put(e.getKey(), e.getValue().asDouble());
                } else {
                    problems.add("metric " + e.getKey() + " is not a number");
                }
            });
        }
        List<ModelCard.FeatureStats> features = features(root.path("features"), problems);

        if (!problems.isEmpty()) {
            throw new InvalidModelCardException(problems);
        }
        return new ModelCard(name, version, description, task, labels, signature, artifact, metrics, features, root);
    }

    private static String text(JsonNode root, String field, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            problems.add(field + " is missing");
            return null;
        }
        return node.asText();
    }

    private static Signature signature(JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add("signature is missing");
            return new Signature(List.of(), List.of());
        }
        List<TensorSpec> inputs = tensorSpecs(node.path("inputs"), "signature.inputs", problems);
        List<TensorSpec> outputs = tensorSpecs(node.path("outputs"), "signature.outputs", problems);
        return new Signature(inputs, outputs);
    }

    private static List<TensorSpec> tensorSpecs(JsonNode node, String where, List<String> problems) {
        List<TensorSpec> specs = new ArrayList<>();
        if (!node.isArray() || node.isEmpty()) {
            problems.add(where + " must list at least one tensor");
            return specs;
        }
        for (JsonNode t : node) {
            String name = t.path("name").asText("");
            if (name.isEmpty()) {
                problems.add(where + " has a tensor without a name");
                continue;
            }
            var type = DataType.fromOnnxName(t.path("datatype").asText(null));
            if (type.isEmpty()) {
                problems.add(where + "." + name + ": unknown ONNX datatype '" + t.path("datatype").asText() + "'");
                continue;
            }
            JsonNode shapeNode = t.path("shape");
            if (!shapeNode.isArray()) {
                problems.add(where + "." + name + ": shape is missing");
                continue;
            }
            long[] shape = new long[shapeNode.size()];
            boolean valid = true;
            for (int i = 0; i < shape.length; i++) {
                JsonNode dim = shapeNode.get(i);
                if (!dim.canConvertToLong() || dim.asLong() < -1) {
                    problems.add(where + "." + name + ": dimension " + i + " must be -1 (dynamic) or a size");
                    valid = false;
                    break;
                }
                shape[i] = dim.asLong();
            }
            if (valid) {
                specs.add(new TensorSpec(name, type.get(), shape));
            }
        }
        return specs;
    }

    private static ModelCard.Artifact artifact(JsonNode node, List<String> problems) {
        String sha = node.path("sha256").asText("");
        if (!SHA256.matcher(sha).matches()) {
            problems.add("artifact.sha256 must be 64 lower-case hex digits");
        }
        long size = node.path("sizeBytes").asLong(-1);
        if (size <= 0) {
            problems.add("artifact.sizeBytes must be a positive size");
        }
        return new ModelCard.Artifact(node.path("file").asText("model.onnx"), sha, size);
    }

    private static List<ModelCard.FeatureStats> features(JsonNode node, List<String> problems) {
        List<ModelCard.FeatureStats> features = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return features;
        }
        for (JsonNode f : node) {
            double[] edges = doubles(f.path("binEdges"));
            double[] proportions = doubles(f.path("binProportions"));
            String name = f.path("name").asText("?");
            if (proportions.length != edges.length + 1) {
                problems.add("feature " + name + ": needs one more bin proportion than bin edges");
                continue;
            }
            features.add(new ModelCard.FeatureStats(name, f.path("mean").asDouble(), f.path("std").asDouble(),
                    edges, proportions));
        }
        return features;
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
