package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.harness.ColdStartPhases.Phase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColdStartPhasesTest {

    private static final List<String> HANDLER = List.of(
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda.main",
            "com.amazonaws.services.lambda.runtime.api.client.EventHandlerLoader.newInstance",
            "io.modelfn.lambda.handler.ModelfnLambdaHandler.<init>",
            "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler.<init>",
            "io.quarkus.runtime.Quarkus.manualInitialize");

    @Test
    void quarkus_boot_should_be_told_apart_by_what_it_runs() {
        assertThat(ColdStartPhases.of("main", under(HANDLER, "io.quarkus.runner.ApplicationImpl.<clinit>",
                "io.quarkus.runtime.generated.Config.<clinit>", "io.smallrye.config.SmallRyeConfigBuilder.build",
                "java.lang.ClassLoader.loadClass"))).isEqualTo(Phase.QUARKUS_CONFIG);
        assertThat(ColdStartPhases.of("main", under(HANDLER, "io.quarkus.runner.ApplicationImpl.<clinit>",
                "io.quarkus.arc.Arc.initialize", "io.quarkus.arc.impl.ArcContainerImpl.<init>"))).isEqualTo(Phase.QUARKUS_CDI);
        assertThat(ColdStartPhases.of("main", under(HANDLER, "io.quarkus.runner.ApplicationImpl.doStart",
                "io.vertx.core.impl.VertxImpl.<init>"))).isEqualTo(Phase.QUARKUS_OTHER);
        // The handler's own frames are on every stack of the boot: they do not make it modelfn's work.
        assertThat(ColdStartPhases.of("main", HANDLER)).isEqualTo(Phase.QUARKUS_OTHER);
    }

    @Test
    void modelfn_start_up_should_be_told_apart_from_the_boot_that_calls_it() {
        List<String> observers = under(HANDLER, "io.quarkus.runner.ApplicationImpl.doStart", "io.quarkus.arc.impl.EventImpl.fire");
        assertThat(ColdStartPhases.of("main", under(observers, "io.modelfn.api.priming.SnapStartPriming.prime",
                "io.modelfn.core.prediction.PredictionService.serve"))).isEqualTo(Phase.PRIMING);
        assertThat(ColdStartPhases.of("main", under(observers, "io.modelfn.api.predictiontoken.PredictionTokenKeySource.keys",
                "io.modelfn.aws.lean.LeanTransport.send"))).isEqualTo(Phase.AWS_CALLS);
        assertThat(ColdStartPhases.of("main", under(observers, "io.modelfn.api.serving.ServingLifecycle.onStart")))
                .isEqualTo(Phase.OUR_START);
        // Building a client loads the SDK's classes (a proxy of its interface) with no SDK frame on the stack.
        assertThat(ColdStartPhases.of("main", under(observers, "io.modelfn.api.clients.RebuildableClient.<init>",
                "java.lang.reflect.Proxy.newProxyInstance", "java.lang.ClassLoader.loadClass"))).isEqualTo(Phase.AWS_CALLS);
        // Our config mapping is built by Quarkus's configuration.
        assertThat(ColdStartPhases.of("main", under(HANDLER, "io.quarkus.runtime.generated.Config.readConfig",
                "io.modelfn.api.config.ModelfnConfig$$CMImpl.<init>"))).isEqualTo(Phase.QUARKUS_CONFIG);
    }

    @Test
    void threads_of_the_start_up_should_be_told_by_their_names_or_work() {
        assertThat(ColdStartPhases.of("modelfn-model-loader-2", List.of("java.lang.Thread.run",
                "sun.security.provider.SHA2.implCompress0"))).isEqualTo(Phase.MODEL_LOADS);
        // The model download calls S3: it is the model's load, not an AWS call of init.
        assertThat(ColdStartPhases.of("main", under(HANDLER, "io.modelfn.core.cache.ModelCache.load",
                "software.amazon.awssdk.services.s3.DefaultS3Client.getObject"))).isEqualTo(Phase.MODEL_LOADS);
        assertThat(ColdStartPhases.of("modelfn-engine-start", List.of("java.lang.Thread.run",
                "jdk.internal.loader.NativeLibraries.load"))).isEqualTo(Phase.ENGINE_START);
        assertThat(ColdStartPhases.of("main", under(HANDLER, "ai.djl.engine.Engine.getEngine"))).isEqualTo(Phase.ENGINE_START);
        assertThat(ColdStartPhases.of("modelfn-early-registry-read", List.of("java.lang.Thread.run",
                "io.modelfn.api.serving.EarlyRegistryRead.lambda$begin$0", "com.fasterxml.jackson.databind.ObjectMapper.<init>")))
                .isEqualTo(Phase.AWS_CALLS);
        assertThat(ColdStartPhases.of("main", List.of("com.amazonaws.services.lambda.runtime.api.client.AWSLambda.main",
                "java.lang.ClassLoader.loadClass"))).isEqualTo(Phase.JVM_AND_RUNTIME);
    }

    @Test
    void the_first_invocation_should_take_whatever_it_runs() {
        List<String> invocation = List.of("com.amazonaws.services.lambda.runtime.api.client.AWSLambda.main",
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda.startRuntimeLoop",
                "io.modelfn.lambda.handler.ModelfnLambdaHandler.handleRequest");
        assertThat(ColdStartPhases.of("main", under(invocation, "io.quarkus.runtime.Quarkus.manualStart")))
                .isEqualTo(Phase.FIRST_INVOCATION);
        assertThat(ColdStartPhases.of("main", under(invocation, "io.modelfn.core.cache.ModelCache.load")))
                .isEqualTo(Phase.FIRST_INVOCATION);
    }

    @Test
    void a_recording_should_be_counted_by_its_threads_and_stacks(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("cold.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.CPUTimeSample").with("throttle", "1 ms");
            recording.start();
            Thread loader = new Thread(ColdStartPhasesTest::spin, "modelfn-model-loader-1");
            loader.start();
            loader.join();
            recording.stop();
            recording.dump(file);
        }

        Map<Phase, Long> counts = ColdStartPhases.count(List.of(file));

        assertThat(counts).containsOnlyKeys(Phase.values());
        assertThat(counts.get(Phase.MODEL_LOADS)).as("samples of the loader thread").isGreaterThan(10);
        assertThat(counts.get(Phase.MODEL_LOADS)).isGreaterThan(counts.values().stream().mapToLong(Long::longValue).sum() / 2);
    }

    /** About 300 ms of CPU on the calling thread. */
    private static void spin() {
        long end = System.nanoTime() + 300_000_000L;
        long x = 1;
        while (System.nanoTime() < end) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        if (x == 42) {
            System.out.println(x);
        }
    }

    private static List<String> under(List<String> outer, String... inner) {
        List<String> frames = new ArrayList<>(outer);
        frames.addAll(List.of(inner));
        return frames;
    }
}
