package io.modelfn.bench.speedups;

import io.modelfn.bench.SampleRepository;
import io.modelfn.bench.overhead.ServingFixture;
import io.modelfn.core.batching.MicroBatcher;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.protocol.oip.OipInferRequest;
import io.modelfn.core.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * Requests per second from 16 concurrent callers, each sending one example (a batch of one row) through
 * the whole prediction path, as a container serving many clients sees them: {@code alone}, every
 * request is its own inference call; {@code batched}, micro-batching (at most 64 rows, no added delay)
 * joins the requests that queue while a batch runs into the next call; {@code adaptive}, the
 * container's setting ({@code modelfn.batching.*} of {@code functions/container}), batches only
 * versions whose one-request call takes at least 100 µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(16)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MicroBatchingBenchmark {

    @Param({"digits/1.0.0", "wide-mlp/1.0.0"})
    public String model;

    /**
     * {@code alone}: no batching; {@code batched}: every version batched; {@code adaptive}: batched only
     * when a version's one-request call takes at least 100 µs (the container's setting).
     */
    @Param({"alone", "batched", "adaptive"})
    public String mode;

    private ServingFixture fixture;
    private MicroBatcher batcher;
    private String endpoint;
    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() {
        ModelKey key = ModelKey.parse(model);
        SampleRepository repository = SampleRepository.find();
        batcher = switch (mode) {
            case "batched" -> new MicroBatcher(new MicroBatcher.Settings(64, Duration.ZERO));
            case "adaptive" -> new MicroBatcher(new MicroBatcher.Settings(64, Duration.ZERO, Duration.ofNanos(100_000)));
            default -> null;
        };
        fixture = new ServingFixture(repository, List.of(key), ServingFixture.RUNNER_SETTINGS,
                new ServingFixture.Extras(null, batcher));
        endpoint = key.name();
        body = firstRow(fixture.codec().decodeInferRequest(repository.oipRequest(key)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (batcher != null) {
            System.out.printf(Locale.ROOT, "%n%s %s: joins requests: %s; %d requests shared %d inference calls%n",
                    model, mode, batcher.joinsRequestsFor(ModelKey.parse(model)).map(String::valueOf).orElse("undecided"),
                    batcher.batchedRequests(), batcher.batches());
        }
        fixture.close();
    }

    @Benchmark
    public byte[] request() {
        return fixture.serveOip(endpoint, body);
    }

    /** An OIP request holding the first example of the sample request. */
    static byte[] firstRow(OipInferRequest sample) {
        Tensor input = sample.inputs().values().iterator().next();
        int width = (int) (input.size() / input.dimension(0));
        float[] row = Arrays.copyOf(input.floats(), width);
        StringBuilder json = new StringBuilder("{\"inputs\":[{\"name\":\"").append(input.name())
                .append("\",\"datatype\":\"FP32\",\"shape\":[1");
        for (int axis = 1; axis < input.rank(); axis++) {
            json.append(',').append(input.dimension(axis));
        }
        json.append("],\"data\":[");
        for (int i = 0; i < row.length; i++) {
            json.append(i == 0 ? "" : ",").append(row[i]);
        }
        return json.append("]}]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
