package io.modelfn.bench.codec;

import io.modelfn.bench.SampleRepository;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.protocol.oip.BinaryTensorData;
import io.modelfn.core.protocol.oip.EncodedInferResponse;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.oip.OipInferRequest;
import io.modelfn.core.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the codec costs per request, JSON against Triton's binary tensor data, for a model's reference
 * input (the first case of {@code samples/requests/}) repeated to a batch of 1, 8 or 64 rows:
 * decoding the request, and encoding an answer of {@code [batch, 10]} FP32 probabilities and
 * {@code [batch]} INT64 labels (as digits and wide-mlp answer).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class BinaryTensorCodecBenchmark {

    @Param({"digits/1.0.0", "wide-mlp/1.0.0"})
    public String model;

    @Param({"1", "8", "64"})
    public int batch;

    private final OipCodec codec = new OipCodec();
    private byte[] json;
    private byte[] binary;
    private int headerLength;
    private List<Tensor> outputs;

    @Setup(Level.Trial)
    public void setUp() {
        Tensor reference = codec.decodeInferRequest(SampleRepository.find().oipRequest(ModelKey.parse(model)))
                .inputs().values().iterator().next();
        long[] shape = reference.shape();
        int row = reference.size() / (int) shape[0];
        float[] values = new float[batch * row];
        for (int i = 0; i < values.length; i++) {
            values[i] = reference.floats()[i % reference.size()];
        }
        shape[0] = batch;
        Tensor input = Tensor.ofFloats(reference.name(), shape, values);
        json = codec.encodeInferRequest(null, List.of(input), List.of());
        byte[] data = new byte[(int) BinaryTensorData.size(input)];
        BinaryTensorData.write(input, data, 0);
        byte[] header = ("{\"inputs\":[{\"name\":\"" + input.name() + "\",\"datatype\":\"FP32\",\"shape\":"
                + Arrays.toString(shape).replace(" ", "") + ",\"parameters\":{\"binary_data_size\":" + data.length + "}}]}")
                .getBytes(StandardCharsets.UTF_8);
        binary = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, binary, header.length, data.length);
        headerLength = header.length;
        Random random = new Random(42);
        float[] probabilities = new float[batch * 10];
        long[] labels = new long[batch];
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = random.nextFloat();
        }
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(10);
        }
        outputs = List.of(Tensor.ofFloats("probabilities", new long[] {batch, 10}, probabilities),
                Tensor.ofLongs("label", new long[] {batch}, labels));
        if (!codec.decodeInferRequest(binary, headerLength).inputs().equals(codec.decodeInferRequest(json).inputs())) {
            throw new IllegalStateException("the JSON and binary requests do not hold the same tensor");
        }
    }

    @Benchmark
    public OipInferRequest decodeJson() {
        return codec.decodeInferRequest(json);
    }

    @Benchmark
    public OipInferRequest decodeBinary() {
        return codec.decodeInferRequest(binary, headerLength);
    }

    @Benchmark
    public byte[] encodeJson() {
        return codec.encodeInferResponse(model, "1", null, Map.of(), outputs);
    }

    @Benchmark
    public EncodedInferResponse encodeBinary() {
        return codec.encodeInferResponse(model, "1", null, Map.of(), outputs, name -> true);
    }
}
