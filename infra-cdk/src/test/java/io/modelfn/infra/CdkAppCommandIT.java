package io.modelfn.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.infra.support.CfnLint;
import io.modelfn.infra.support.TestSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code cdk.json}'s {@code app} command, run the way the CDK CLI runs it for {@code cdk synth -c stage=...}
 * (and so for {@code diff} and {@code deploy}): through a shell, in the folder of cdk.json, with the
 * cloud assembly's folder in {@code CDK_OUTDIR}, the context (cdk.json's, the CLI's defaults and the
 * {@code -c} values) as JSON in {@code CDK_CONTEXT_JSON}, and the default account and region in
 * {@code CDK_DEFAULT_ACCOUNT} / {@code CDK_DEFAULT_REGION} (aws-cdk-lib {@code cx-api/lib/cxapi.ts}).
 * The command builds the real function and layer zips with the Maven wrapper, so this test takes
 * minutes; it runs the build offline when the Maven running it is offline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CdkAppCommandIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration APP_TIMEOUT = Duration.ofMinutes(20);

    private final Map<String, Path> assemblies = new LinkedHashMap<>();
    /** Per stage, the sha256 of each zip right after that stage's run built it (a Quarkus zip differs per build). */
    private final Map<String, Map<Path, String>> builtZips = new LinkedHashMap<>();

    @BeforeAll
    void runTheAppCommandForBothStages() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> zips = List.of(root.resolve("functions/api-lambda/target/function.zip"),
                root.resolve("functions/rollout/target/function.zip"),
                root.resolve("layers/onnxruntime/target/onnxruntime-layer.zip"));
        for (String stage : List.of("dev", "prod")) {
            long start = System.nanoTime();
            assemblies.put(stage, runAppCommand(stage));
            System.out.printf("cdk.json app for stage %s: %d s%n", stage,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            Map<Path, String> digests = new LinkedHashMap<>();
            for (Path zip : zips) {
                assertThat(zip).as("built by the app command of " + stage).isRegularFile();
                digests.put(zip, sha256(zip));
            }
            builtZips.put(stage, digests);
        }
    }

    @AfterAll
    void deleteTheAssemblies() throws IOException {
        for (Path outdir : assemblies.values()) {
            try (Stream<Path> files = Files.walk(outdir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void appCommand_should_writeACloudAssemblyOfTheStageNamedInTheContext(String stage) throws Exception {
        // GIVEN the cloud assembly the app command wrote for -c stage=<stage>
        Path outdir = assemblies.get(stage);
        JsonNode manifest = MAPPER.readTree(outdir.resolve("manifest.json").toFile());

        // THEN the manifest lists the stage's data and serving stacks (no GPU stack: both configs leave it off),
        // each with its template in the assembly
        Map<String, JsonNode> stacks = new LinkedHashMap<>();
        manifest.path("artifacts").properties().forEach(e -> {
            if ("aws:cloudformation:stack".equals(e.getValue().path("type").asText())) {
                stacks.put(e.getKey(), e.getValue());
            }
        });
        assertThat(manifest.path("version").asText()).isNotBlank();
        assertThat(stacks).containsOnlyKeys("modelfn-" + stage + "-data", "modelfn-" + stage + "-serving");
        for (JsonNode stack : stacks.values()) {
            assertThat(outdir.resolve(stack.path("properties").path("templateFile").asText())).isRegularFile();
        }
        // AND the templates are the stage's own: prod's API has a JWT authorizer, dev's has none
        JsonNode serving = template(outdir, "modelfn-" + stage + "-serving");
        assertThat(resourcesOfType(serving, "AWS::ApiGatewayV2::Authorizer")).as("JWT authorizers of " + stage)
                .hasSize("prod".equals(stage) ? 1 : 0);
        assertThat(serving.path("Description").asText()).startsWith("modelfn " + stage + ":");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void appCommand_should_shipTheZipsItBuilt(String stage) throws Exception {
        // GIVEN the zips the stage's app command built, and the assets of the stage's assembly
        List<String> assetDigests = new ArrayList<>();
        try (Stream<Path> files = Files.list(assemblies.get(stage))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("asset.")
                    && f.getFileName().toString().endsWith(".zip")).toList()) {
                assetDigests.add(sha256(file));
            }
        }

        // THEN each zip it built is, byte for byte, an asset of the assembly (what deploy uploads)
        builtZips.get(stage).forEach((zip, digest) ->
                assertThat(assetDigests).as("assets of %s holding %s", stage, zip).contains(digest));
    }

    @Test
    void appCommand_should_writeTemplatesWithoutCfnLintErrors_when_cfnLintIsInstalled() throws Exception {
        // GIVEN cfn-lint on the PATH
        Path cfnLint = CfnLint.onPath();
        assumeTrue(cfnLint != null, CfnLint.MISSING);

        // WHEN every template of both assemblies is linted
        List<Path> templates = new ArrayList<>();
        for (Path outdir : assemblies.values()) {
            try (Stream<Path> files = Files.list(outdir)) {
                templates.addAll(files.filter(f -> f.getFileName().toString().endsWith(".template.json")).toList());
            }
        }
        List<String> errors = CfnLint.errors(cfnLint, templates);

        // THEN there are four templates and no error
        assertThat(templates).hasSize(4);
        assertThat(errors).isEmpty();
    }

    /** Runs cdk.json's app as {@code cdk synth -c stage=<stage>} (plus prod's operator values) would. */
    private static Path runAppCommand(String stage) throws Exception {
        Path cdkJsonFile = Path.of("cdk.json").toAbsolutePath();
        JsonNode cdkJson = MAPPER.readTree(cdkJsonFile.toFile());
        Path outdir = Files.createTempDirectory("modelfn-cdk-app-" + stage);

        // The context the CLI hands the app: cdk.json's, the CLI's own defaults, then the -c values.
        ObjectNode context = ((ObjectNode) cdkJson.path("context")).deepCopy();
        context.put("aws:cdk:enable-path-metadata", true);
        context.put("aws:cdk:enable-asset-metadata", true);
        context.put("aws:cdk:version-reporting", true);
        context.putArray("aws:cdk:bundling-stacks").add("**");
        context.put("stage", stage);
        if ("prod".equals(stage)) {
            // What an operator gives prod with -c jwtIssuer=... -c jwtAudience=...
            TestSettings.OPERATOR_VALUES.forEach(context::put);
        }

        ProcessBuilder process = new ProcessBuilder("/bin/sh", "-c", cdkJson.path("app").asText())
                .directory(cdkJsonFile.getParent().toFile())
                .redirectErrorStream(true);
        Map<String, String> env = process.environment();
        env.put("CDK_OUTDIR", outdir.toString());
        env.put("CDK_CONTEXT_JSON", MAPPER.writeValueAsString(context));
        env.put("CDK_DEFAULT_REGION", "eu-west-1");
        env.put("CDK_DEFAULT_ACCOUNT", "000011112222");
        // The JDK running this test builds (the wrapper reads JAVA_HOME); offline when this build is.
        env.put("JAVA_HOME", System.getProperty("java.home"));
        if (System.getProperty("modelfn.maven.settings", "").contains("offline=true")) {
            env.put("MAVEN_ARGS", "-o");
        }
        env.putIfAbsent("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        // The operator values come from the context only, as they would from -c.
        env.remove("MODELFN_JWT_ISSUER");
        env.remove("MODELFN_JWT_AUDIENCE");

        Path log = outdir.resolveSibling(outdir.getFileName() + ".log");
        Process running = process.redirectOutput(log.toFile()).start();
        boolean finished = running.waitFor(APP_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
        if (!finished) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertThat(finished).as("the app command finished within %s; its output:%n%s", APP_TIMEOUT, output).isTrue();
        assertThat(running.exitValue()).as("exit code of the app command; its output:%n%s", output).isZero();
        return outdir;
    }

    private static JsonNode template(Path outdir, String stackName) throws IOException {
        return MAPPER.readTree(outdir.resolve(stackName + ".template.json").toFile());
    }

    private static List<String> resourcesOfType(JsonNode template, String type) {
        List<String> ids = new ArrayList<>();
        template.path("Resources").properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
