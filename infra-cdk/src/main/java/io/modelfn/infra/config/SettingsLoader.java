package io.modelfn.infra.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.constructs.Node;

/**
 * Reads {@link ModelfnSettings} from a JSON file. Which file: CDK context {@code config} (a path),
 * else {@code <configDir>/<stage>.json} with context {@code stage} (default {@code dev}) and
 * {@code configDir} (default {@code config}, relative to the working directory).
 *
 * <p>A string in the file may leave a value to the operator as {@code ${name}}, filled in from
 * {@link OperatorValues} (CDK context, then {@code MODELFN_<NAME>}). Every string, once filled in,
 * must pass {@link ExampleValues}: a file that still holds an example account, issuer, domain or
 * placeholder marker is refused, naming the setting and the file.
 */
public final class SettingsLoader {

    /** Context key: the path of the settings file; wins over {@code stage}. */
    public static final String CONFIG_CONTEXT = "config";
    /** Context key: the stage whose {@code config/<stage>.json} is read. */
    public static final String STAGE_CONTEXT = "stage";
    /** Context key: the folder of the per-stage files. */
    public static final String CONFIG_DIR_CONTEXT = "configDir";
    public static final String DEFAULT_STAGE = "dev";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

    private SettingsLoader() {
    }

    /** The settings file the context names. */
    public static Path settingsFile(Node context) {
        Object file = context.tryGetContext(CONFIG_CONTEXT);
        if (file != null) {
            return Path.of(file.toString());
        }
        Object stage = context.tryGetContext(STAGE_CONTEXT);
        Object dir = context.tryGetContext(CONFIG_DIR_CONTEXT);
        return Path.of(dir == null ? "config" : dir.toString())
                .resolve((stage == null ? DEFAULT_STAGE : stage.toString()) + ".json");
    }

    /** The settings the context names, with operator values from the context and then {@code environment}. */
    public static ModelfnSettings fromContext(Node context, Map<String, String> environment) {
        return load(settingsFile(context), OperatorValues.of(context::tryGetContext, environment));
    }

    /** {@link #load(Path, OperatorValues)} with no operator values. */
    public static ModelfnSettings load(Path file) {
        return load(file, OperatorValues.none());
    }

    /**
     * Reads and validates one settings file; {@code ${name}} values come from {@code values}, artifact
     * paths are resolved against the file's folder.
     *
     * @throws IllegalArgumentException when the file is missing or invalid, leaves a value to the operator
     *     that was not given, or holds an example value (the message names the file and the setting)
     */
    public static ModelfnSettings load(Path file, OperatorValues values) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException("modelfn settings file " + absolute + " does not exist "
                    + "(choose one with -c stage=<stage> or -c config=<path>)");
        }
        try {
            JsonNode tree = MAPPER.readTree(absolute.toFile());
            List<String> problems = new ArrayList<>();
            fillIn(tree, "", values, problems);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("modelfn settings file " + absolute + ": " + String.join("; ", problems));
            }
            ModelfnSettings settings = MAPPER.treeToValue(tree, ModelfnSettings.class);
            return settings.withArtifactsResolvedAgainst(absolute.getParent());
        } catch (IOException e) {
            throw new IllegalArgumentException("modelfn settings file " + absolute + " is invalid: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("modelfn settings file " + absolute + " cannot be read", e);
        }
    }

    /** Fills in operator values and applies the example rule to every string under {@code node}, in place. */
    private static void fillIn(JsonNode node, String path, OperatorValues values, List<String> problems) {
        if (node instanceof ObjectNode object) {
            for (var field : object.properties()) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isTextual()) {
                    checked(field.getValue().asText(), child, values, problems).ifPresent(v -> field.setValue(TextNode.valueOf(v)));
                } else {
                    fillIn(field.getValue(), child, values, problems);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String child = path + "[" + i + "]";
                if (array.get(i).isTextual()) {
                    int index = i;
                    checked(array.get(i).asText(), child, values, problems).ifPresent(v -> array.set(index, TextNode.valueOf(v)));
                } else {
                    fillIn(array.get(i), child, values, problems);
                }
            }
        }
    }

    /** The string with operator values filled in, or empty (and a problem noted) when it cannot be used. */
    private static Optional<String> checked(String text, String setting, OperatorValues values, List<String> problems) {
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder filled = new StringBuilder();
        List<String> sources = new ArrayList<>();
        boolean missing = false;
        while (reference.find()) {
            String name = reference.group(1);
            Optional<OperatorValues.Supplied> supplied = values.value(name);
            if (supplied.isEmpty()) {
                problems.add(setting + " is left to the operator as ${" + name + "}, and no value was given: pass -c "
                        + name + "=<value> to the CDK CLI (" + name + "=<value> to ModelfnApp) or set the environment variable "
                        + OperatorValues.environmentVariable(name));
                missing = true;
                continue;
            }
            sources.add(supplied.get().source());
            reference.appendReplacement(filled, Matcher.quoteReplacement(supplied.get().value()));
        }
        if (missing) {
            return Optional.empty();
        }
        reference.appendTail(filled);
        String value = filled.toString();
        Optional<String> example = ExampleValues.why(value);
        if (example.isPresent()) {
            problems.add(setting + (sources.isEmpty() ? "" : " (from " + String.join(", ", sources) + ")")
                    + " holds an example value, " + example.get() + ": '" + value + "'; give the stage's real value "
                    + "(infra-cdk/README.md, \"Values the operator supplies\")");
            return Optional.empty();
        }
        return Optional.of(value);
    }
}
