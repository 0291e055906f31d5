package io.modelfn.bench.speedups;

import io.modelfn.bench.SampleRepository;
import io.modelfn.bench.overhead.ServingFixture;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.prediction.ResultCache;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One request through the whole prediction path (OIP JSON in, OIP JSON out, as
 * {@link io.modelfn.bench.overhead.PredictionOverheadBenchmark#service}), the same input every time:
 * {@code computed} on an endpoint that keeps no answers (every request runs the model), {@code kept}
 * on an endpoint whose result cache is on (every request after the first is a hit: the input is
 * digested, the kept outputs encoded). The difference is what a hit saves; a miss costs the digest
 * on top of {@code computed}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ResultCacheBenchmark {

    @Param({"iris/1.1.0", "digits/1.0.0", "wide-mlp/1.0.0"})
    public String model;

    private ServingFixture plain;
    private ServingFixture cached;
    private String endpoint;
    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() {
        ModelKey key = ModelKey.parse(model);
        SampleRepository repository = SampleRepository.find();
        plain = new ServingFixture(repository, List.of(key), ServingFixture.RUNNER_SETTINGS);
        // The application's defaults (modelfn.result-cache.max-entries / max-bytes).
        cached = new ServingFixture(repository, List.of(key), ServingFixture.RUNNER_SETTINGS,
                new ServingFixture.Extras(new ResultCache(10_000, 64L << 20), null));
        endpoint = key.name();
        body = repository.oipRequest(key);
        byte[] fresh = plain.serveOip(endpoint, body);
        byte[] miss = cached.serveOip(endpoint, body);
        byte[] hit = cached.serveOip(endpoint, body);
        if (!java.util.Arrays.equals(fresh, miss) || !java.util.Arrays.equals(miss, hit)) {
            throw new IllegalStateException("a kept answer differs from a computed one:\n" + new String(fresh)
                    + "\n" + new String(miss) + "\n" + new String(hit));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plain.close();
        cached.close();
    }

    @Benchmark
    public byte[] computed() {
        return plain.serveOip(endpoint, body);
    }

    @Benchmark
    public byte[] kept() {
        return cached.serveOip(endpoint, body);
    }
}
