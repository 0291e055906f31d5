package io.modelfn.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a cold start's CPU goes, by phase: the CPU-time samples ({@code jdk.CPUTimeSample}) of a JFR recording of one
 * cold start up to its first answer, each sample put in the phase its thread and stack belong to ({@link #of}). The
 * phases name what any build of the function does at a cold start, so that two builds' recordings compare
 * (lambda-harness {@link ColdStartAbFiguresIT} with {@code harness.figures.jfr}).
 *
 * <p>The sampler sees Java threads only: the JIT's compiler threads and the collector are not in the counts, so a
 * phase's share is of the threads' sampled CPU.
 */
final class ColdStartPhases {

    /** A cold start's phases, about in the order a start runs them; {@link #of} says which takes a sample. */
    enum Phase {
        JVM_AND_RUNTIME("the JVM's start and the runtime client, to the handler class"),
        QUARKUS_CONFIG("Quarkus: configuration"),
        QUARKUS_CDI("Quarkus: the CDI container"),
        QUARKUS_OTHER("Quarkus: the rest of its boot (Vert.x, HTTP, REST, the Lambda extension)"),
        AWS_CALLS("AWS clients and calls at init: building the clients, the registry read, the token keys"),
        ENGINE_START("starting the inference engine (native libraries)"),
        MODEL_LOADS("loading models: fetch, SHA-256, ONNX Runtime session"),
        PRIMING("priming the loaded versions"),
        OUR_START("modelfn's other start-up work"),
        FIRST_INVOCATION("the first invocation (the event, the prediction, the answer)");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private ColdStartPhases() {
    }

    /**
     * The phase of one sample: the first invocation takes whatever runs in it; then a model's load, the engine's start
     * and the AWS calls take what they run (a model's download is its load); then priming; what is left of the boot
     * goes by what Quarkus runs, modelfn's own start-up code beside it.
     *
     * @param thread the sampled thread's name
     * @param frames its stack, outermost frame first, each as {@code declaring.Type.method}
     */
    static Phase of(String thread, List<String> frames) {
        if (any(frames, "AWSLambda.startRuntimeLoop")) {
            return Phase.FIRST_INVOCATION;
        }
        if (thread.startsWith("modelfn-model-loader") || any(frames, "io.modelfn.core.cache.ModelCache.load")) {
            return Phase.MODEL_LOADS;
        }
        if (thread.startsWith("modelfn-engine-start") || any(frames, "ai.onnxruntime.OrtEnvironment.")
                || any(frames, "ai.djl.engine.Engine.")) {
            return Phase.ENGINE_START;
        }
        if (any(frames, "software.amazon.awssdk.") || any(frames, "io.modelfn.aws.")
                || any(frames, "io.modelfn.api.clients.") || any(frames, "io.modelfn.registry.dynamodb.")
                || any(frames, "EarlyRegistryRead")
                || any(frames, "PredictionTokenKeySource")) {
            return Phase.AWS_CALLS;
        }
        if (any(frames, "Priming.")) {
            return Phase.PRIMING;
        }
        if (any(frames, "io.smallrye.config.SmallRyeConfigBuilder.build") || any(frames, "io.quarkus.runtime.generated.Config.")) {
            return Phase.QUARKUS_CONFIG;
        }
        if (any(frames, "io.quarkus.arc.Arc.initialize")) {
            return Phase.QUARKUS_CDI;
        }
        for (String frame : frames) {
            if (frame.startsWith("io.modelfn.") && !frame.startsWith("io.modelfn.lambda.handler.")) {
                return Phase.OUR_START;
            }
        }
        if (any(frames, "io.quarkus.")) {
            return Phase.QUARKUS_OTHER;
        }
        return Phase.JVM_AND_RUNTIME;
    }

    /** Samples per phase in the recordings, every phase present (zero where none fell in it). */
    static Map<Phase, Long> count(List<Path> recordings) throws IOException {
        Map<Phase, Long> counts = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            counts.put(phase, 0L);
        }
        for (Path recording : recordings) {
            for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
                if (!event.getEventType().getName().equals("jdk.CPUTimeSample") || event.getStackTrace() == null) {
                    continue;
                }
                counts.merge(of(threadName(event), frames(event.getStackTrace())), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static String threadName(RecordedEvent event) {
        RecordedThread thread = event.hasField("eventThread") ? event.getThread("eventThread") : null;
        if (thread == null && event.hasField("sampledThread")) {
            thread = event.getThread("sampledThread");
        }
        return thread == null || thread.getJavaName() == null ? "" : thread.getJavaName();
    }

    private static List<String> frames(RecordedStackTrace stack) {
        List<RecordedFrame> innermostFirst = stack.getFrames();
        List<String> frames = new ArrayList<>(innermostFirst.size());
        for (int i = innermostFirst.size() - 1; i >= 0; i--) {
            RecordedFrame frame = innermostFirst.get(i);
            frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
        }
        return frames;
    }

    private static boolean any(List<String> frames, String part) {
        for (String frame : frames) {
            if (frame.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
