package io.modelfn.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything a test needs to run the built function as Lambda does, started once per JVM: the prediction
 * function's configuration from the synthesized CDK template, its zip and layer unpacked, the local
 * engines holding its registry and models, the Invoke API, and a pool of execution environments.
 *
 * <p>Read from system properties (set by this module's build): {@code function.zip}, {@code layer.zip},
 * {@code cdk.config} (the stage's settings file), {@code lambda.runtime.dir} (the runtime interface client
 * and its jars), {@code sample.models.dir} and {@code harness.work.dir} (where layouts and logs go; not
 * under {@code /tmp}).
 */
public final class LambdaHarness implements AutoCloseable {

    private static LambdaHarness shared;

    private final Path work;
    private final FunctionConfiguration function;
    private final LambdaLayout withLayer;
    private final Path functionZip;
    private final Path layerZip;
    private final Path runtimeLib;
    private final LocalEngines engines;
    private final InvokeApi invokeApi;
    private final SecretsManagerStandIn secrets = new SecretsManagerStandIn();
    private final EnvironmentPool pool;
    private final List<EnvironmentPool> pools = new CopyOnWriteArrayList<>();

    private LambdaHarness() throws IOException {
        long started = System.nanoTime();
        // Not under /tmp: each environment gets its own /tmp, which hides the host's.
        this.work = Files.createTempDirectory(Files.createDirectories(Path.of(property("harness.work.dir"))), "run-");
        this.functionZip = Path.of(property("function.zip"));
        this.layerZip = Path.of(property("layer.zip"));
        this.runtimeLib = Path.of(property("lambda.runtime.dir"));
        // The synthesis takes longest (CDK's node process, cdk-nag): the engines start and the zips unpack meanwhile.
        CompletableFuture<LocalEngines> startedEngines = CompletableFuture.supplyAsync(LocalEngines::start);
        CompletableFuture<LambdaLayout> unpacked = CompletableFuture.supplyAsync(
                () -> LambdaLayout.unpack(work, functionZip, List.of(layerZip), runtimeLib));
        this.function = SynthesizedTemplate.predictionFunction(Path.of(property("cdk.config")), functionZip, layerZip,
                Files.createDirectories(work.resolve("cdk.out")));
        System.out.printf("lambda-harness: template synthesized (%s) after %.1f s%n", function.functionName(),
                (System.nanoTime() - started) / 1e9);
        this.withLayer = unpacked.join();
        this.engines = startedEngines.join();
        Map<String, String> env = function.environment();
        engines.prepare(Path.of(property("sample.models.dir")), env.get("MODELFN_REGISTRY_TABLE"),
                env.get("MODELFN_FEEDBACK_TABLE"), env.get("MODELFN_STORE_BUCKET"), env.get("MODELFN_STORE_PREFIX"));
        System.out.printf("lambda-harness: DynamoDB Local and S3Proxy seeded after %.1f s%n", (System.nanoTime() - started) / 1e9);
        this.invokeApi = new InvokeApi();
        this.pool = newPool(function.functionName(), withLayer, Map.of());
        invokeApi.register(function.functionName(), pool);
    }

    /** The harness of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized LambdaHarness shared() {
        if (shared == null) {
            if (!JvmLaunch.isolationAvailable()) {
                throw new IllegalStateException("the harness needs root, unshare and taskset (a private mount namespace "
                        + "per execution environment, one core each)");
            }
            try {
                shared = new LambdaHarness();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "lambda-harness-stop"));
        }
        return shared;
    }

    /** The prediction function's configuration, as synthesized. */
    public FunctionConfiguration function() {
        return function;
    }

    /** The prediction function's environments, reachable through the Invoke API too. */
    public EnvironmentPool pool() {
        return pool;
    }

    public InvokeApi invokeApi() {
        return invokeApi;
    }

    /** The Secrets Manager the function reads its prediction token keys from. */
    public SecretsManagerStandIn secrets() {
        return secrets;
    }

    public LocalEngines engines() {
        return engines;
    }

    /**
     * Another pool of the same function: without its layer ({@code withLayer} false), and with
     * {@code overrides} over its environment (a null value removes a variable).
     */
    public EnvironmentPool newPool(String name, boolean layer, Map<String, String> overrides) {
        LambdaLayout layout = layer ? withLayer : LambdaLayout.unpack(work, functionZip, List.of(), runtimeLib);
        return newPool(name, layout, overrides);
    }

    /**
     * A pool of another build of the function ({@code otherZip}, e.g. an earlier commit's function.zip) with
     * this function's layer, template configuration and {@code overrides}: the two builds then differ only in
     * their code, for comparisons in one run.
     */
    public EnvironmentPool newPoolOf(String name, Path otherZip, Map<String, String> overrides) {
        return newPoolOf(name, otherZip, function.handler(), overrides);
    }

    /**
     * A pool of another function altogether ({@code zip}, whose handler is {@code handler}) under this function's
     * template configuration, layer and {@code overrides}: a floor to measure the function against, one that
     * does nothing but what every function on Lambda's runtime has to.
     */
    public EnvironmentPool newPoolOf(String name, Path zip, String handler, Map<String, String> overrides) {
        LambdaLayout layout = LambdaLayout.unpack(work, zip, List.of(layerZip), runtimeLib);
        return register(new EnvironmentPool(name, layout, function.withHandler(handler).withEnvironment(overrides),
                runtimeEnvironment()));
    }

    /**
     * Another pool of the same function whose environments start as {@code launch} says (a container image's
     * entry point, for one), with {@code overrides} over its environment; logs and {@code /tmp} folders go
     * under this harness's work folder.
     */
    public EnvironmentPool newPool(String name, LaunchLine launch, Map<String, String> overrides) {
        return register(new EnvironmentPool(name, work, launch, function.withEnvironment(overrides), runtimeEnvironment()));
    }

    /**
     * Another pool of the same function, launched as Java 25's runtime launches SnapStart's versions: the JVM's own
     * tiering, without the template's {@code -XX:TieredStopAtLevel} ({@link JvmLaunch#fullTiering}).
     */
    public EnvironmentPool newPoolWithFullTiering(String name, Map<String, String> overrides) {
        return newPool(name, JvmLaunch.fullTiering(withLayer), overrides);
    }

    /**
     * Another pool of the same function whose credentials come from a container endpoint, as Lambda serves them
     * under SnapStart ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}),
     * instead of the environment's keys.
     */
    public EnvironmentPool newPoolWithContainerCredentials(String name, String credentialsUri, String token) {
        Map<String, String> runtime = new HashMap<>(runtimeEnvironment());
        runtime.remove("AWS_ACCESS_KEY_ID");
        runtime.remove("AWS_SECRET_ACCESS_KEY");
        runtime.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentialsUri);
        runtime.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
        return register(new EnvironmentPool(name, withLayer, function, runtime));
    }

    private EnvironmentPool newPool(String name, LambdaLayout layout, Map<String, String> overrides) {
        return register(new EnvironmentPool(name, layout, function.withEnvironment(overrides), runtimeEnvironment()));
    }

    private Map<String, String> runtimeEnvironment() {
        Map<String, String> runtime = new HashMap<>(engines.functionEnvironment());
        runtime.put("AWS_ENDPOINT_URL_LAMBDA", invokeApi.endpoint());
        runtime.put("MODELFN_AWS_LAMBDA_ENDPOINT", invokeApi.endpoint());
        runtime.put("MODELFN_AWS_SECRETSMANAGER_ENDPOINT", secrets.endpoint());
        return runtime;
    }

    private EnvironmentPool register(EnvironmentPool created) {
        pools.add(created);
        return created;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (this module's failsafe configuration sets it)");
        }
        return value;
    }

    @Override
    public void close() {
        pools.forEach(EnvironmentPool::close);
        invokeApi.close();
        secrets.close();
        engines.close();
    }
}
