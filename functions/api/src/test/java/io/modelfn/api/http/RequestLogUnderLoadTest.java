package io.modelfn.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.RequestMetrics;
import io.modelfn.core.testkit.ConcurrentCallers;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

/**
 * Under concurrent requests, every failed request's log line carries its own request id (a field, beside its
 * endpoint), and every request's record still reaches the metrics sink.
 */
class RequestLogUnderLoadTest {

    /** The request log's lines: the message and the request id field each had when written. */
    private static final class Lines extends Handler {
        final Map<String, String> requestIdByMessage = new ConcurrentHashMap<>();
        final LongAdder lines = new LongAdder();

        @Override
        public void publish(LogRecord record) {
            lines.increment();
            Object requestId = MDC.get("requestId");
            requestIdByMessage.put(record.getMessage(), requestId == null ? "" : requestId.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void failed_requests_should_each_log_their_own_request_id_when_served_concurrently() throws Exception {
        // GIVEN the request log around a sink that counts records, successes not sampled, and its lines captured
        Logger logger = Logger.getLogger("io.modelfn.requests");
        Lines lines = new Lines();
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addHandler(lines);
        LongAdder recorded = new LongAdder();
        Metrics metrics = RequestLog.around(new Metrics() {
            @Override
            public void record(RequestMetrics request) {
                recorded.increment();
            }

            @Override
            public void recordEvent(String endpoint, String variant, String model, String version, String metric,
                    double value, String unit) {
            }
        }, 0.0);
        int threads = 8;
        int perThread = 1_000;
        try {
            // WHEN 8 threads record 1,000 requests each, every third failed (400 or 503), each to an endpoint
            // named after its request id
            ConcurrentCallers.run(threads, perThread, (caller, i) -> {
                String id = caller + "-" + i;
                int status = i % 3 == 0 ? (i % 2 == 0 ? 400 : 503) : 200;
                metrics.record(new RequestMetrics("e" + id, "stable", "m", "1.0.0", status, 1.0, 0.5, 1, -1,
                        false, "req-" + id));
            });
        } finally {
            logger.removeHandler(lines);
            logger.setLevel(level);
        }

        // THEN every request was recorded; each failure has one line, and that line's request id is its own
        long failures = (long) threads * ((perThread + 2) / 3);
        assertThat(recorded.sum()).isEqualTo((long) threads * perThread);
        assertThat(lines.lines.sum()).isEqualTo(failures);
        assertThat(lines.requestIdByMessage).hasSize((int) failures);
        lines.requestIdByMessage.forEach((message, requestId) -> {
            String endpoint = message.substring(0, message.indexOf(' '));
            assertThat(requestId).as(message).isEqualTo("req-" + endpoint.substring(1));
        });
    }
}
