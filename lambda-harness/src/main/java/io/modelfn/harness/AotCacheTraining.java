package io.modelfn.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Trains the container image's AOT cache: one training run of the image's own entry point, in its own root
 * file system (so the JVM that writes the cache is the JVM the image ships, at the paths the image has),
 * through the real start-up (the synthesized function's configuration, its registry read from DynamoDB Local
 * and its routed versions loaded from S3Proxy) and one priming request; then a shutdown, at which the JVM
 * writes {@link ImageRoot#AOT_CACHE}.
 *
 * <p>Run by the image build ({@code images/lambda-image}, profile {@code image}) with the harness's system
 * properties, and by {@code ImageColdStartFiguresIT}.
 */
public final class AotCacheTraining {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AotCacheTraining() {
    }

    /** {@code AotCacheTraining <staged image root> <priming event JSON file>} */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: AotCacheTraining <staged image root> <priming event file>");
        }
        ImageRoot image = new ImageRoot(Path.of(args[0]));
        Path cache = train(LambdaHarness.shared(), image, Files.readAllBytes(Path.of(args[1])));
        System.out.printf("AOT cache trained: %s, %d bytes%n", cache, Files.size(cache));
    }

    /**
     * Runs the training and returns the cache's file in the staged root.
     *
     * @param primingEvent an API Gateway event the function must answer with status 200
     * @throws IllegalStateException if the function did not answer it, or no cache was written
     */
    public static Path train(LambdaHarness harness, ImageRoot image, byte[] primingEvent) throws Exception {
        Files.deleteIfExists(image.aotCache());
        try (EnvironmentPool pool = harness.newPool("aot-training", new ImageLaunch(image, ImageLaunch.Cache.TRAIN), Map.of())) {
            Invocation primed = pool.invoke(primingEvent).get(300, TimeUnit.SECONDS);
            if (primed.outcome() != Invocation.Outcome.RESPONSE || statusCode(primed) != 200) {
                throw new IllegalStateException("the priming request was not answered with 200 (" + primed.outcome() + "): "
                        + primed.payloadText() + "\n" + pool.log(primed.environment()));
            }
            ExecutionEnvironment environment = pool.environments().get(0);
            if (!environment.awaitIdle(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the training run did not ask for its next event\n" + environment.log());
            }
            // The JVM assembles the cache at exit, in a second JVM: minutes on a busy machine.
            if (!environment.terminate(Duration.ofMinutes(10)) || !Files.isRegularFile(image.aotCache())) {
                throw new IllegalStateException("the training run wrote no AOT cache\n" + environment.log());
            }
        }
        return image.aotCache();
    }

    private static int statusCode(Invocation invocation) throws IOException {
        return JSON.readTree(invocation.payload()).path("statusCode").asInt();
    }
}
