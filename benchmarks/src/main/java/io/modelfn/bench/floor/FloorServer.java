package io.modelfn.bench.floor;

import ai.onnxruntime.OrtException;
import io.modelfn.bench.Options;
import io.modelfn.bench.SampleRepository;
import io.modelfn.bench.overhead.ServingFixture;
import io.modelfn.core.model.ModelKey;
import io.modelfn.inference.onnx.OnnxRuntimeEngine;
import io.modelfn.inference.onnx.OnnxSessionSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The floor server: what a user who only wants these models behind the Open Inference Protocol would
 * write by hand, fast. One Vert.x event loop per core, each running the whole request (decode, ONNX
 * Runtime, encode) on its own thread, with modelfn's session options and answers byte-identical to
 * the local runner's for {@code /v2/models/{m}/versions/{v}/infer}. Models come from the repository's
 * {@code models/} folder; each is warmed up through the whole decode, run, encode path before the
 * port opens.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.modelfn.bench.floor.FloorServer \
 *     [--port 18082] [--host 127.0.0.1] [--models iris/1.1.0,digits/1.0.0] [--event-loops CORES] [--warmup 5000]
 * </pre>
 */
public final class FloorServer implements AutoCloseable {

    private final Vertx vertx;
    private final List<FloorModel> models;

    private FloorServer(Vertx vertx, List<FloorModel> models) {
        this.vertx = vertx;
        this.models = models;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args);
        List<ModelKey> keys = Arrays.stream(opts.getOrDefault("models", "iris/1.1.0,digits/1.0.0").split(","))
                .map(String::trim).map(ModelKey::parse).toList();
        int loops = Integer.parseInt(opts.getOrDefault("event-loops",
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        FloorServer server = start(SampleRepository.find(), keys, opts.getOrDefault("host", "127.0.0.1"),
                Integer.parseInt(opts.getOrDefault("port", "18082")), loops,
                Integer.parseInt(opts.getOrDefault("warmup", "5000")));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.printf("floor: %s on %s:%s, %d event loops%n", keys, opts.getOrDefault("host", "127.0.0.1"),
                opts.getOrDefault("port", "18082"), loops);
    }

    /**
     * Loads the models with the local runner's session settings, warms each up with its sample request
     * ({@code warmup} answers), and listens once every event loop's server is bound.
     */
    public static FloorServer start(SampleRepository repository, List<ModelKey> keys, String host, int port,
            int eventLoops, int warmup) throws OrtException, IOException {
        OnnxSessionSettings settings = ServingFixture.RUNNER_SETTINGS;
        // The engine creates ONNX Runtime's environment; our sessions live in it, as the engine's do.
        new OnnxRuntimeEngine(settings).warmUp();
        FloorCodec codec = new FloorCodec();
        Map<String, FloorModel> byPath = new LinkedHashMap<>();
        for (ModelKey key : keys) {
            FloorModel model = new FloorModel(key.name(), key.version(),
                    repository.models().resolve(key.name()).resolve(key.version()).resolve("model.onnx"), settings);
            warmUp(model, codec, repository.oipRequest(key), warmup);
            byPath.put(FloorVerticle.inferPath(key.name(), key.version()), model);
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        Map<String, FloorModel> routes = Map.copyOf(byPath);
        try {
            vertx.deployVerticle(() -> new FloorVerticle(host, port, routes, codec),
                    new DeploymentOptions().setInstances(eventLoops)).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the floor could not listen on " + host + ":" + port, e);
        }
        return new FloorServer(vertx, List.copyOf(byPath.values()));
    }

    /** The answer the floor gives to {@code body} for {@code model}, as its HTTP route would (for tests and warm-up). */
    static byte[] answer(FloorModel model, FloorCodec codec, FloorRequest request, byte[] body) throws IOException {
        codec.decode(body, 0, body.length, request);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        model.answer(request, codec, out);
        return out.toByteArray();
    }

    private static void warmUp(FloorModel model, FloorCodec codec, byte[] body, int times) throws IOException {
        FloorRequest request = new FloorRequest(1024);
        for (int i = 0; i < times; i++) {
            answer(model, codec, request, body);
        }
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down: the sessions below are closed either way
        }
        for (FloorModel model : models) {
            try {
                model.close();
            } catch (OrtException e) {
                // shutting down
            }
        }
    }
}
