package io.modelfn.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.RequestMetrics;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The application's {@link Metrics} in tests: the real {@link EmfMetrics} writer, with its lines kept
 * in memory (rather than on stdout) so tests can read the records a request produced. Every test of
 * the module runs with it; it changes nothing but where the lines go.
 *
 * <p>Records are written when a response ends, which may be just after the client has it: use
 * {@link #awaitRecords(String)} to wait for them. Thread-safe.
 */
@Alternative
@Priority(1)
@Singleton
public class CapturedMetrics implements Metrics {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a record may take to appear after its response has been received. */
    private static final Duration SETTLE = Duration.ofMillis(300);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final EmfMetrics delegate = new EmfMetrics(lines::add, Clock.systemUTC());

    @Override
    public void record(RequestMetrics request) {
        delegate.record(request);
    }

    @Override
    public void recordEvent(String endpoint, String variant, String model, String version, String metric, double value,
            String unit) {
        delegate.recordEvent(endpoint, variant, model, version, metric, value, unit);
    }

    @Override
    public void recordFeatureBins(String model, String version, String feature, long[] counts) {
        delegate.recordFeatureBins(model, version, feature, counts);
    }

    @Override
    public void recordFeatureDrift(String model, String version, String feature, double psi) {
        delegate.recordFeatureDrift(model, version, feature, psi);
    }

    /** Every line written so far, in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Every record written so far, parsed. */
    public List<JsonNode> records() {
        return lines.stream().map(CapturedMetrics::parse).toList();
    }

    /** The records whose {@code RequestId} property is {@code requestId}, as they are now. */
    public List<JsonNode> recordsOf(String requestId) {
        return records().stream().filter(record -> requestId.equals(record.path("RequestId").asText(null))).toList();
    }

    /**
     * The records of a request: waits until at least one is there, then a little longer, so that a
     * second record (which must not exist) would be seen too.
     */
    public List<JsonNode> awaitRecords(String requestId) {
        Eventually.await("a metrics record of request " + requestId, TIMEOUT, () -> !recordsOf(requestId).isEmpty());
        Eventually.pause(SETTLE);
        return recordsOf(requestId);
    }

    /** The records of a request after the time its record would have taken to appear. */
    public List<JsonNode> recordsAfterSettling(String requestId) {
        Eventually.pause(SETTLE.multipliedBy(2));
        return recordsOf(requestId);
    }

    public void clear() {
        lines.clear();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("a metrics line is not JSON: " + line, e);
        }
    }
}
