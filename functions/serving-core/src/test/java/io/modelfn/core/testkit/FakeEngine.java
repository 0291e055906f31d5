package io.modelfn.core.testkit;

import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine whose models sum their FP32 input per row into an output {@code sum} [n, 1]. Counts loads
 * and closes, so tests can prove "one session per version" and "evicted sessions are closed".
 */
public final class FakeEngine implements InferenceEngine {

    public static final Signature SIGNATURE = new Signature(
            List.of(new TensorSpec("input", DataType.FP32, new long[] {-1, 4})),
            List.of(new TensorSpec("sum", DataType.FP32, new long[] {-1, 1})));

    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger inferences = new AtomicInteger();
    private final ConcurrentLinkedQueue<FakeModel> models = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Path> files = new ConcurrentLinkedQueue<>();
    private volatile long memoryPerModel = 1000;
    private volatile RuntimeException failure;

    public void memoryPerModel(long bytes) {
        memoryPerModel = bytes;
    }

    public void failWith(RuntimeException e) {
        failure = e;
    }

    public int loads() {
        return loads.get();
    }

    /** Inference calls on all models this engine loaded. */
    public int inferences() {
        return inferences.get();
    }

    public List<FakeModel> models() {
        return List.copyOf(models);
    }

    /** The files the engine was handed, in load order. */
    public List<Path> files() {
        return List.copyOf(files);
    }

    @Override
    public LoadedModel load(ModelKey key, Path modelFile) {
        loads.incrementAndGet();
        files.add(modelFile);
        if (failure != null) {
            throw failure;
        }
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalStateException("engine was handed no file");
        }
        FakeModel model = new FakeModel(key, memoryPerModel, inferences);
        models.add(model);
        return model;
    }

    @Override
    public String name() {
        return "fake";
    }

    /** A loaded fake model. */
    public static final class FakeModel implements LoadedModel {
        private final ModelKey key;
        private final long memory;
        private final AtomicInteger closes = new AtomicInteger();
        private final AtomicInteger inferences;

        FakeModel(ModelKey key, long memory, AtomicInteger inferences) {
            this.key = key;
            this.memory = memory;
            this.inferences = inferences;
        }

        public boolean closed() {
            return closes.get() > 0;
        }

        public int closes() {
            return closes.get();
        }

        @Override
        public ModelKey key() {
            return key;
        }

        @Override
        public Signature signature() {
            return SIGNATURE;
        }

        @Override
        public long memoryBytes() {
            return memory;
        }

        @Override
        public Map<String, Tensor> infer(Map<String, Tensor> inputs, Collection<String> outputs) {
            if (closed()) {
                throw new IllegalStateException(key + " was used after close");
            }
            inferences.incrementAndGet();
            Tensor in = inputs.get("input");
            int rows = (int) in.dimension(0);
            float[] sums = new float[rows];
            float[] x = in.floats();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < 4; c++) {
                    sums[r] += x[r * 4 + c];
                }
            }
            return Map.of("sum", Tensor.ofFloats("sum", new long[] {rows, 1}, sums));
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
