package io.modelfn.bench.overhead;

import ai.onnxruntime.OrtException;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.oip.OipInferRequest;
import io.modelfn.core.tensor.Tensor;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One request's latency, one caller, in this JVM, at four depths on the same model and input (the
 * first reference case of {@code samples/requests/}, a batch of 8):
 * <ul>
 *   <li>{@code rawOrt}: an ONNX Runtime session used directly (the floor);</li>
 *   <li>{@code engine}: our {@code LoadedModel.infer} (the ONNX Runtime session and the tensor copies);</li>
 *   <li>{@code service}: the whole prediction path without HTTP: OIP JSON decode, routing, the model
 *       cache, validation, drift counting, inference, OIP JSON encode;</li>
 *   <li>{@code decode} and {@code encode}: the codec alone, to see where the difference goes.</li>
 * </ul>
 * Sample-time mode, so the JSON result holds every fork's latency histogram (p50, p99).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PredictionOverheadBenchmark {

    /** wide-mlp/1.1.0 is the INT8 quantisation of wide-mlp/1.0.0: the two compare float and INT8. */
    @Param({"iris/1.1.0", "digits/1.0.0", "wide-mlp/1.0.0", "wide-mlp/1.1.0"})
    public String model;

    /**
     * ONNX Runtime's threads per operator: 0 is the runner's default (one per core); 1 keeps the caller's thread
     * only, without a pool thread beside it.
     */
    @Param({"0"})
    public int intraOpThreads;

    private ModelDepths depths;
    private OipCodec codec;
    private byte[] body;
    private List<Tensor> outputs;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        depths = new ModelDepths(ModelKey.parse(model), ModelDepths.withIntraOpThreads(intraOpThreads));
        codec = depths.fixture().codec();
        body = depths.body();
        outputs = List.copyOf(depths.engine().values());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        depths.close();
    }

    @Benchmark
    public long rawOrt() throws OrtException {
        return depths.rawOrt();
    }

    @Benchmark
    public Map<String, Tensor> engine() {
        return depths.engine();
    }

    @Benchmark
    public byte[] service() {
        return depths.service();
    }

    @Benchmark
    public OipInferRequest decode() {
        return codec.decodeInferRequest(body);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encodeInferResponse(model, "1.0.0", "sample",
                Map.of("endpoint", depths.endpoint(), "variant", "stable"), outputs);
    }
}
