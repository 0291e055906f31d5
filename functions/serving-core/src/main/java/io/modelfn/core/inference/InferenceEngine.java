package io.modelfn.core.inference;

import io.modelfn.core.model.ModelKey;
import java.nio.file.Path;

/**
 * Port: turns a model file on local disk into a {@link LoadedModel} ready to answer.
 *
 * <p>Implementations are thread-safe; loading is expensive (native session creation) and is
 * coordinated by the model cache, which calls {@link #load} once per model version.
 */
public interface InferenceEngine {

    /**
     * Creates an inference session for {@code modelFile}. The file has already been verified
     * against the registry's digest; the engine still refuses files it cannot serve safely.
     *
     * @param modelFile a {@code model.onnx} alone in its own folder
     * @throws ModelLoadException when no session can be created from the file
     */
    LoadedModel load(ModelKey key, Path modelFile);

    /**
     * Starts the engine's runtime now (native libraries, its global environment) rather than at the
     * first load, so a process that cannot serve fails at start-up instead of answering every request
     * with an error. Idempotent; engines with nothing to start do nothing.
     *
     * @throws EngineUnavailableException when the runtime cannot run in this process
     */
    default void start() {
    }

    /** A short name for logs and metrics, e.g. {@code onnxruntime-cpu}. */
    String name();
}
