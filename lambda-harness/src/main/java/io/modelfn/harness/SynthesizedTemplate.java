package io.modelfn.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.infra.ModelfnApp;
import io.modelfn.infra.config.ModelfnSettings;
import io.modelfn.infra.config.SettingsLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.App;

/**
 * The prediction function's configuration read from the CloudFormation templates the CDK app
 * synthesizes for a stage (its settings file, with the built zips as assets): handler, runtime, memory,
 * timeout, layers and environment, nothing retyped. Cross-stack names ({@code Fn::ImportValue} of a
 * table or bucket) resolve to the physical name the data stack gives the resource, or, for a resource
 * CloudFormation would name itself, to a name made from its logical id.
 */
public final class SynthesizedTemplate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SynthesizedTemplate() {
    }

    /**
     * Synthesizes the app for {@code settingsFile} with {@code functionZip} and {@code layerZip} as
     * assets, and returns the prediction function. The rollout function's asset is not under test here:
     * the api zip stands in for it.
     */
    public static FunctionConfiguration predictionFunction(Path settingsFile, Path functionZip, Path layerZip,
            Path outdir) {
        ModelfnSettings read = SettingsLoader.load(settingsFile);
        ModelfnSettings settings = new ModelfnSettings(read.stage(), read.region(),
                new ModelfnSettings.Artifacts(functionZip, functionZip, layerZip), read.modelStore(), read.functions(),
                read.serving(), read.api(), read.codeDeploy(), read.endpoints(), read.gpu(), read.notifications());
        App app = ModelfnApp.newApp(outdir.toString());
        ModelfnApp.Stage stage = ModelfnApp.build(app, settings);
        app.synth();
        JsonNode serving = template(outdir, stage.serving().getStackName());
        JsonNode data = template(outdir, stage.data().getStackName());
        return function(serving, data, settings.namePrefix() + "-predict");
    }

    static FunctionConfiguration function(JsonNode serving, JsonNode data, String functionName) {
        for (Iterator<JsonNode> it = serving.path("Resources").elements(); it.hasNext(); ) {
            JsonNode resource = it.next();
            JsonNode props = resource.path("Properties");
            if ("AWS::Lambda::Function".equals(resource.path("Type").asText())
                    && functionName.equals(props.path("FunctionName").asText())) {
                Map<String, String> environment = new TreeMap<>();
                props.path("Environment").path("Variables").fields().forEachRemaining(
                        e -> environment.put(e.getKey(), resolve(e.getValue(), data)));
                return new FunctionConfiguration(functionName, props.path("Handler").asText(),
                        props.path("Runtime").asText(), props.path("MemorySize").asInt(), props.path("Timeout").asInt(),
                        environment, props.path("Layers").size());
            }
        }
        throw new IllegalStateException("no function " + functionName + " in the serving template");
    }

    private static String resolve(JsonNode value, JsonNode data) {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.has("Fn::ImportValue")) {
            String export = value.path("Fn::ImportValue").asText();
            for (Iterator<JsonNode> it = data.path("Outputs").elements(); it.hasNext(); ) {
                JsonNode output = it.next();
                if (export.equals(output.path("Export").path("Name").asText())) {
                    return resolve(output.path("Value"), data);
                }
            }
            throw new IllegalStateException("no export " + export + " in the data stack");
        }
        if (value.has("Ref")) {
            String logicalId = value.path("Ref").asText();
            JsonNode props = data.path("Resources").path(logicalId).path("Properties");
            for (String name : new String[] {"TableName", "BucketName"}) {
                if (props.path(name).isTextual()) {
                    return props.path(name).asText();
                }
            }
            String made = logicalId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "");
            return made.length() > 50 ? made.substring(0, 50) : made;
        }
        throw new IllegalStateException("cannot resolve " + value + " without CloudFormation");
    }

    private static JsonNode template(Path outdir, String stackName) {
        try {
            return JSON.readTree(outdir.resolve(stackName + ".template.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
