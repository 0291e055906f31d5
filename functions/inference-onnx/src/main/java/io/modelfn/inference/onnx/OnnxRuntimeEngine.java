package io.modelfn.inference.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.modelfn.core.artifact.InvalidModelArtifactException;
import io.modelfn.core.artifact.OnnxModelInfo;
import io.modelfn.core.artifact.OnnxModelInspector;
import io.modelfn.core.inference.EngineUnavailableException;
import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.inference.ModelLoadException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link InferenceEngine} on ONNX Runtime's Java API: one session per model, with this engine's
 * {@link OnnxSessionSettings}, in the process's one ONNX Runtime environment.
 *
 * <p>Before any session is created the file is inspected on its own bytes: a model that refers to
 * external data (which would make ONNX Runtime read arbitrary files beside it), declares inputs or
 * outputs that are not plain tensors, or uses element types this engine does not carry is refused.
 *
 * <p>Thread-safe.
 */
public final class OnnxRuntimeEngine implements InferenceEngine {

    /** The environment's name in ONNX Runtime's own log lines. */
    static final String ENVIRONMENT = "modelfn";

    private final OnnxSessionSettings settings;
    /** Native memory for the input tensors of every model this engine loads. */
    private final InputBuffers inputBuffers = new InputBuffers();
    private volatile OrtEnvironment env;

    public OnnxRuntimeEngine(OnnxSessionSettings settings) {
        this.settings = settings;
        RuntimeDefaults.apply();
    }

    /** Starts the ONNX Runtime environment now rather than on the first load (warm-up, SnapStart). */
    public OnnxRuntimeEngine warmUp() {
        start();
        return this;
    }

    /**
     * Loads ONNX Runtime's native libraries (from {@code onnxruntime.native.path}, e.g. the Lambda layer's
     * {@value RuntimeDefaults#LAYER_NATIVES}, or unpacked from the jar when it carries them) and creates the
     * process's environment, warnings and errors logged, telemetry off.
     */
    @Override
    public void start() {
        environment();
    }

    private OrtEnvironment environment() {
        OrtEnvironment started = env;
        if (started != null) {
            return started;
        }
        synchronized (this) {
            if (env == null) {
                try {
                    OrtEnvironment created = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, ENVIRONMENT);
                    created.setTelemetry(false);
                    env = created;
                } catch (OrtException | RuntimeException | LinkageError e) {
                    throw new EngineUnavailableException("ONNX Runtime cannot start here (native libraries from "
                            + System.getProperty("onnxruntime.native.path", "the onnxruntime jar") + "): " + rootMessage(e), e);
                }
            }
            return env;
        }
    }

    @Override
    public String name() {
        return settings.gpu() ? "onnxruntime-cuda" : "onnxruntime-cpu";
    }

    public OnnxSessionSettings settings() {
        return settings;
    }

    @Override
    public LoadedModel load(ModelKey key, Path modelFile) {
        OnnxModelInfo info;
        long fileSize;
        try {
            info = OnnxModelInspector.inspect(modelFile);
            fileSize = Files.size(modelFile);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + key + ": " + e.getMessage(), e);
        }
        refuseWhatWeCannotServe(key, info);

        OrtEnvironment environment = environment();
        OrtSession session;
        try (OrtSession.SessionOptions options = settings.toSessionOptions()) {
            session = environment.createSession(modelFile.toString(), options);
        } catch (OrtException | RuntimeException e) {
            throw new ModelLoadException("ONNX Runtime cannot create a session for " + key + ": " + rootMessage(e), e);
        }
        return new OnnxRuntimeModel(key, environment, session, info.signature(), fileSize, info.rowsIndependent(), inputBuffers);
    }

    private static void refuseWhatWeCannotServe(ModelKey key, OnnxModelInfo info) {
        List<String> problems = new ArrayList<>();
        if (!info.externalDataTensors().isEmpty()) {
            problems.add("refers to external data for " + info.externalDataTensors());
        }
        if (!info.unsupportedTensors().isEmpty()) {
            problems.add("declares inputs or outputs that are not servable tensors: " + info.unsupportedTensors());
        }
        for (TensorSpec spec : concat(info.signature().inputs(), info.signature().outputs())) {
            if (!OrtTensors.supports(spec.dataType())) {
                problems.add(spec.name() + " has type " + spec.dataType().onnxName() + ", which this engine does not carry");
            }
        }
        if (info.signature().inputs().isEmpty() || info.signature().outputs().isEmpty()) {
            problems.add("declares no inputs or no outputs");
        }
        if (!problems.isEmpty()) {
            throw new InvalidModelArtifactException(key + " " + String.join("; ", problems));
        }
    }

    private static List<TensorSpec> concat(List<TensorSpec> a, List<TensorSpec> b) {
        List<TensorSpec> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
