package io.modelfn.bench.overhead;

import ai.onnxruntime.OrtException;
import io.modelfn.bench.SampleRepository;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.protocol.oip.OipInferRequest;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.inference.onnx.OnnxSessionSettings;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Requests per second on the heavy model (wide-mlp), with as many callers as cores: the whole
 * prediction path ({@code service}) against one ONNX Runtime session used directly ({@code rawOrt}),
 * same model, same input, same session options, same cores. Two session settings: ONNX Runtime's own
 * thread count per operator ({@code intraOpThreads=0}, one per core: the application's default) and one
 * thread per operator ({@code 1}: concurrent requests supply the parallelism).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class HeavyModelThroughputBenchmark {

    @Param({"wide-mlp/1.0.0"})
    public String model;

    @Param({"0", "1"})
    public int intraOpThreads;

    private ServingFixture fixture;
    private RawOrt raw;
    private String endpoint;
    private byte[] body;
    private Tensor input;
    private java.util.Map<String, Tensor> inputs;
    private io.modelfn.core.cache.ModelCache.Lease lease;
    private io.modelfn.core.inference.LoadedModel loaded;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        ModelKey key = ModelKey.parse(model);
        SampleRepository repository = SampleRepository.find();
        OnnxSessionSettings r = ServingFixture.RUNNER_SETTINGS;
        OnnxSessionSettings settings = new OnnxSessionSettings(intraOpThreads, r.interOpThreads(), r.optimizationLevel(),
                r.parallelExecution(), r.memoryPattern(), r.cpuArena(), r.gpu());
        fixture = new ServingFixture(repository, List.of(key), settings);
        endpoint = key.name();
        body = repository.oipRequest(key);
        OipInferRequest request = fixture.codec().decodeInferRequest(body);
        inputs = request.inputs();
        input = inputs.values().iterator().next();
        raw = new RawOrt(fixture.artifact(key), settings);
        lease = fixture.lease(key);
        loaded = fixture.model(lease);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        lease.close();
        raw.close();
        fixture.close();
    }

    @Benchmark
    public long rawOrt() throws OrtException {
        return raw.run(input.floats(), input.shape());
    }

    /** Our engine alone: {@code LoadedModel.infer} on the decoded input (DJL, its tensor copies). */
    @Benchmark
    public java.util.Map<String, Tensor> engine() {
        return loaded.infer(inputs, List.of());
    }

    @Benchmark
    public byte[] service() {
        return fixture.serveOip(endpoint, body);
    }
}
