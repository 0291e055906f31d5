package io.modelfn.bench.overhead;

import io.modelfn.bench.SampleRepository;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tracing.Tracer;
import io.modelfn.core.tracing.xray.UdpSegmentSink;
import io.modelfn.core.tracing.xray.XRayTracer;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * What tracing adds to one request through the whole prediction path in this JVM ({@code service} of
 * {@link PredictionOverheadBenchmark}, iris/1.1.0, a batch of 8): {@code off} is {@link Tracer#OFF} (no
 * daemon named, or {@code modelfn.tracing.enabled=false}); {@code on} records the request's spans and
 * sends its X-Ray document over UDP to a socket of this JVM that never reads (as a daemon that drops).
 * Run with {@code -prof gc} for the bytes allocated per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TracingOverheadBenchmark {

    private static final ModelKey IRIS = ModelKey.parse("iris/1.1.0");

    @Param({"off", "on"})
    public String tracing;

    private DatagramSocket daemon;
    private UdpSegmentSink sink;
    private ServingFixture fixture;
    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Tracer tracer = Tracer.OFF;
        if (tracing.equals("on")) {
            daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            sink = new UdpSegmentSink(new InetSocketAddress(InetAddress.getLoopbackAddress(), daemon.getLocalPort()));
            tracer = new XRayTracer(sink, "modelfn");
        }
        SampleRepository repository = SampleRepository.find();
        fixture = new ServingFixture(repository, List.of(IRIS), ServingFixture.RUNNER_SETTINGS,
                new ServingFixture.Extras(null, null, tracer));
        body = repository.oipRequest(IRIS);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        fixture.close();
        if (sink != null) {
            sink.close();
            daemon.close();
        }
    }

    @Benchmark
    public byte[] service() {
        return fixture.serveOip(IRIS.name(), body);
    }
}
