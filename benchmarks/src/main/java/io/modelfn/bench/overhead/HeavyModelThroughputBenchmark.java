package io.modelfn.bench.overhead;

import ai.onnxruntime.OrtException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import java.util.Map;
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

    private ModelDepths depths;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        depths = new ModelDepths(ModelKey.parse(model), ModelDepths.withIntraOpThreads(intraOpThreads));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        depths.close();
    }

    @Benchmark
    public long rawOrt() throws OrtException {
        return depths.rawOrt();
    }

    /** Our engine alone: {@code LoadedModel.infer} on the decoded input (the session, its tensor copies). */
    @Benchmark
    public Map<String, Tensor> engine() {
        return depths.engine();
    }

    @Benchmark
    public byte[] service() {
        return depths.service();
    }
}
