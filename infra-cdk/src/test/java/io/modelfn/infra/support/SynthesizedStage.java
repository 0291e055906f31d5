package io.modelfn.infra.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.infra.ModelfnApp;
import io.modelfn.infra.config.ModelfnSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * One stage synthesised the way the app does it (same builder, same cdk-nag aspect) into a temp
 * cloud assembly; cached per name, since a synth takes seconds.
 *
 * @param stage the stacks
 * @param outdir the cloud assembly folder
 * @param templateFiles template file per stack name
 */
public record SynthesizedStage(ModelfnApp.Stage stage, Path outdir, Map<String, Path> templateFiles) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, SynthesizedStage> CACHE = new ConcurrentHashMap<>();

    public static SynthesizedStage dev() {
        return CACHE.computeIfAbsent("dev", k -> synth(TestSettings.dev()));
    }

    public static SynthesizedStage prod() {
        return CACHE.computeIfAbsent("prod", k -> synth(TestSettings.prod()));
    }

    public static SynthesizedStage gpu() {
        return CACHE.computeIfAbsent("gpu", k -> synth(TestSettings.gpu()));
    }

    public static SynthesizedStage sageMakerOnly() {
        return CACHE.computeIfAbsent("sm", k -> synth(TestSettings.sageMakerOnly()));
    }

    /** Every stage the tests synthesise: the two shipped configs and the two GPU variants. */
    public static List<SynthesizedStage> all() {
        return List.of(dev(), prod(), gpu(), sageMakerOnly());
    }

    /** Synthesises {@code settings} into a fresh temp folder. */
    public static SynthesizedStage synth(ModelfnSettings settings) {
        try {
            Path outdir = Files.createTempDirectory("modelfn-cdk-" + settings.stage());
            App app = ModelfnApp.newApp(outdir.toString());
            ModelfnApp.Stage stage = ModelfnApp.build(app, settings);
            CloudAssembly assembly = app.synth();
            Map<String, Path> files = new LinkedHashMap<>();
            for (CloudFormationStackArtifact artifact : assembly.getStacks()) {
                files.put(artifact.getStackName(), outdir.resolve(artifact.getTemplateFile()));
            }
            return new SynthesizedStage(stage, outdir, files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stacks in deployment order: data, the GPU backends if any, serving. */
    public List<Stack> stacks() {
        List<Stack> stacks = new java.util.ArrayList<>(List.of(stage.data()));
        stage.gpu().ifPresent(stacks::add);
        stacks.add(stage.serving());
        return stacks;
    }

    public String name() {
        return stage.settings().stage();
    }

    public JsonNode json(Stack stack) {
        return json(stack.getStackName());
    }

    public JsonNode json(String stackName) {
        try {
            return MAPPER.readTree(templateFiles.get(stackName).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Template template(Stack stack) {
        return Template.fromString(text(stack.getStackName()));
    }

    public String text(String stackName) {
        try {
            return Files.readString(templateFiles.get(stackName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
