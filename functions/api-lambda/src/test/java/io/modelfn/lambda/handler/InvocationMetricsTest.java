package io.modelfn.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.metrics.AggregatedMetrics;
import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.RequestMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The metrics of an invocation are written before the handler returns, whether it answered or failed; or left to the
 * after-response extension where it runs.
 */
class InvocationMetricsTest {

    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final AggregatedMetrics metrics = new AggregatedMetrics(new EmfMetrics(stdout::add, Clock.systemUTC()));
    private final InvocationMetrics handler = new InvocationMetrics(() -> metrics, () -> false);

    @Test
    void run_should_have_the_invocations_records_written_when_it_returns() throws IOException {
        // GIVEN an invocation that serves one request
        ByteArrayOutputStream response = new ByteArrayOutputStream();

        // WHEN it runs
        handler.run((event, out, context) -> {
            metrics.record(new RequestMetrics("iris", "stable", "iris", "1.0.0", 200, 1.5, 0.2, 1, -1, false, "r-1"));
            out.write('{');
            // THEN nothing is written while it runs (the records are kept)...
            assertThat(stdout).isEmpty();
        }, new ByteArrayInputStream(new byte[0]), response, null);

        // ...and its record is out when the handler returns
        assertThat(stdout).singleElement().asString().contains("\"Requests\":{\"Values\":[1.0],\"Counts\":[1]");
        assertThat(response.toByteArray()).hasSize(1);
    }

    @Test
    void run_should_have_the_records_written_when_the_invocation_fails() {
        assertThatThrownBy(() -> handler.run((event, out, context) -> {
            metrics.record(new RequestMetrics("iris", "stable", "iris", "1.0.0", 500, 1.5, -1, 1, -1, false, "r-2"));
            throw new UncheckedIOException(new IOException("the runtime went away"));
        }, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), null))
                .isInstanceOf(UncheckedIOException.class);

        assertThat(stdout).singleElement().asString().contains("\"ServerErrors\":{\"Values\":[1.0],\"Counts\":[1]");
    }

    @Test
    void run_should_leave_the_records_to_the_extension_where_it_flushes_them_after_the_answer() throws IOException {
        // GIVEN the after-response extension running, which flushes each invocation's records once it has ended
        InvocationMetrics withExtension = new InvocationMetrics(() -> metrics, () -> true);

        // WHEN an invocation serves one request
        withExtension.run((event, out, context) -> metrics.record(
                new RequestMetrics("iris", "stable", "iris", "1.0.0", 200, 1.5, 0.2, 1, -1, false, "r-3")),
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), null);

        // THEN the handler returns without writing (no write before the answer), and the records wait for the flush
        assertThat(stdout).isEmpty();
        metrics.flush();
        assertThat(stdout).singleElement().asString().contains("\"Requests\":{\"Values\":[1.0],\"Counts\":[1]");
    }

    @Test
    void run_should_flush_nothing_when_the_application_has_not_started() throws IOException {
        InvocationMetrics beforeStart = new InvocationMetrics(() -> null, () -> false);

        beforeStart.run((event, out, context) -> out.write('x'), new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), null);

        assertThat(stdout).isEmpty();
    }
}
