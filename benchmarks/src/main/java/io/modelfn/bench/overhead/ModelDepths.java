package io.modelfn.bench.overhead;

import ai.onnxruntime.OrtException;
import io.modelfn.bench.SampleRepository;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.inference.onnx.OnnxSessionSettings;
import java.util.List;
import java.util.Map;

/**
 * One model of {@code models/} with its sample request (the first reference case of
 * {@code samples/requests/}), callable at three depths on the same input and session settings:
 * raw ONNX Runtime (the floor), our engine ({@code LoadedModel.infer}: the session and the tensor copies), and
 * the whole prediction service (OIP JSON in, OIP JSON out). What the benchmarks of this package compare.
 */
final class ModelDepths implements AutoCloseable {

    private final ServingFixture fixture;
    private final RawOrt raw;
    private final ModelCache.Lease lease;
    private final String endpoint;
    private final byte[] body;
    private final Map<String, Tensor> inputs;
    private final Tensor input;

    ModelDepths(ModelKey key, OnnxSessionSettings settings) throws OrtException {
        SampleRepository repository = SampleRepository.find();
        this.fixture = new ServingFixture(repository, List.of(key), settings);
        this.endpoint = key.name();
        this.body = repository.oipRequest(key);
        this.inputs = fixture.codec().decodeInferRequest(body).inputs();
        this.input = inputs.values().iterator().next();
        this.raw = new RawOrt(fixture.artifact(key), settings);
        this.lease = fixture.lease(key);
    }

    /** The runner's settings with another number of threads per operator (0: one per core). */
    static OnnxSessionSettings withIntraOpThreads(int threads) {
        OnnxSessionSettings r = ServingFixture.RUNNER_SETTINGS;
        return new OnnxSessionSettings(threads, r.interOpThreads(), r.optimizationLevel(), r.parallelExecution(),
                r.memoryPattern(), r.cpuArena(), r.gpu());
    }

    /** Raw ONNX Runtime; returns the number of output values read. */
    long rawOrt() throws OrtException {
        return raw.run(input.floats(), input.shape());
    }

    Map<String, Tensor> engine() {
        return model().infer(inputs, List.of());
    }

    byte[] service() {
        return fixture.serveOip(endpoint, body);
    }

    ServingFixture fixture() {
        return fixture;
    }

    LoadedModel model() {
        return lease.model();
    }

    String endpoint() {
        return endpoint;
    }

    byte[] body() {
        return body;
    }

    Map<String, Tensor> inputs() {
        return inputs;
    }

    @Override
    public void close() throws OrtException {
        lease.close();
        raw.close();
        fixture.close();
    }
}
