package io.modelfn.api.testing;

import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.inference.onnx.OnnxRuntimeEngine;
import io.modelfn.inference.onnx.OnnxSessionSettings;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's {@link InferenceEngine} in tests: the real ONNX Runtime engine (one thread per
 * request, as on Lambda), counting the sessions it creates and the inferences they run per model
 * version. Transparent otherwise,
 * since every test of the module runs with it. Thread-safe.
 */
@Alternative
@Priority(1)
@Singleton
public class CountingInferenceEngine implements InferenceEngine {

    private final InferenceEngine delegate = new OnnxRuntimeEngine(OnnxSessionSettings.defaults());
    private final ConcurrentHashMap<ModelKey, AtomicInteger> loads = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ModelKey, AtomicInteger> inferences = new ConcurrentHashMap<>();

    private final ConcurrentHashMap<ModelKey, CountDownLatch> holds = new ConcurrentHashMap<>();

    /** Makes the next loads of {@code key} wait for {@code release} (at most 30 s) before they start. */
    public void holdLoadsOf(ModelKey key, CountDownLatch release) {
        holds.put(key, release);
    }

    @Override
    public LoadedModel load(ModelKey key, Path modelFile) {
        loads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        CountDownLatch hold = holds.get(key);
        if (hold != null) {
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new CountingModel(delegate.load(key, modelFile),
                inferences.computeIfAbsent(key, k -> new AtomicInteger()));
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

    /** How many inferences the sessions of {@code key} have run since start-up. */
    public int inferences(ModelKey key) {
        AtomicInteger count = inferences.get(key);
        return count == null ? 0 : count.get();
    }

    /** A loaded model that counts its inferences. */
    private record CountingModel(LoadedModel delegate, AtomicInteger inferences) implements LoadedModel {

        @Override
        public ModelKey key() {
            return delegate.key();
        }

        @Override
        public Signature signature() {
            return delegate.signature();
        }

        @Override
        public long memoryBytes() {
            return delegate.memoryBytes();
        }

        @Override
        public boolean rowsIndependent() {
            return delegate.rowsIndependent();
        }

        @Override
        public Map<String, Tensor> infer(Map<String, Tensor> inputs, Collection<String> outputs) {
            Map<String, Tensor> answer = delegate.infer(inputs, outputs);
            inferences.incrementAndGet();
            return answer;
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
