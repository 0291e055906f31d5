package io.modelfn.api.testing;

import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.ModelKey;
import io.modelfn.inference.onnx.DjlOnnxEngine;
import io.modelfn.inference.onnx.OnnxSessionSettings;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's {@link InferenceEngine} in tests: the real ONNX Runtime engine (one thread per
 * request, as on Lambda), counting the sessions it creates per model version. Transparent otherwise,
 * since every test of the module runs with it. Thread-safe.
 */
@Alternative
@Priority(1)
@Singleton
public class CountingInferenceEngine implements InferenceEngine {

    private final InferenceEngine delegate = new DjlOnnxEngine(OnnxSessionSettings.defaults());
    private final ConcurrentHashMap<ModelKey, AtomicInteger> loads = new ConcurrentHashMap<>();

    @Override
    public LoadedModel load(ModelKey key, Path modelFile) {
        loads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return delegate.load(key, modelFile);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    /** How many sessions have been created for {@code key} since start-up. */
    public int loads(ModelKey key) {
        AtomicInteger count = loads.get(key);
        return count == null ? 0 : count.get();
    }
}
