package io.modelfn.bench.metrics;

import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.RequestMetrics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One warm request's metrics record (the record of a served prediction: three dimension sets, eight
 * metrics, status and request id) written to an in-memory stream that counts and drops the bytes:
 * {@code modelfn} by {@link EmfMetrics}, {@code powertools} by {@link PowertoolsRequestMetrics}
 * (Powertools for AWS Lambda's metrics module). Same JVM, same record; run with {@code -prof gc} for the
 * bytes allocated per record. Single-threaded, as on Lambda (one request at a time per environment).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class MetricsRecordBenchmark {

    /** A served prediction's record, as PredictionService hands it over. */
    static final RequestMetrics RECORD = new RequestMetrics("iris", "stable", "iris", "1.1.0", 200, 1.2345, 0.3217, 1,
            -1, false, "0f8e2c52-8d3b-4b2e-9a51-6a7d3c1e9b10");

    private CountingStream bytes;
    private PrintStream standardOutput;
    private EmfMetrics modelfn;
    private PowertoolsRequestMetrics powertools;

    @Setup(Level.Trial)
    public void setUp() {
        bytes = new CountingStream();
        standardOutput = System.out;
        // Powertools writes through System.out (the EMF library's console sink): point it at the same stream.
        System.setOut(new PrintStream(bytes, false, StandardCharsets.UTF_8));
        modelfn = EmfMetrics.to(bytes, Clock.systemUTC());
        powertools = new PowertoolsRequestMetrics();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.setOut(standardOutput);
        if (bytes.count == 0) {
            throw new IllegalStateException("no record was written");
        }
    }

    @Benchmark
    public long modelfn() {
        modelfn.record(RECORD);
        return bytes.count;
    }

    @Benchmark
    public long powertools() {
        powertools.record(RECORD);
        return bytes.count;
    }

    /** Counts what is written and keeps nothing. */
    static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
