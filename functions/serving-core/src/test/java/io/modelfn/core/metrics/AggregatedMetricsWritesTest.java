package io.modelfn.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a flush reaches a stream (standard output on Lambda): its records in few writes, each write of whole
 * records and at most a pipe's atomic size, so that no record is split or mixed with a log line.
 */
class AggregatedMetricsWritesTest {

    /** Keeps each write as it came, and counts flushes. */
    private static final class Writes extends OutputStream {
        final List<byte[]> writes = new ArrayList<>();
        int flushes;

        @Override
        public void write(int b) {
            writes.add(new byte[] {(byte) b});
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.add(Arrays.copyOfRange(b, off, off + len));
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    @Test
    void flush_should_write_its_records_at_once_when_they_fit_one_atomic_write() throws Exception {
        // GIVEN one request's records: its series and the rows of four features
        Writes out = new Writes();
        AggregatedMetrics metrics = new AggregatedMetrics(EmfMetrics.to(out, MutableClock.atEpoch()));
        metrics.record(new RequestMetrics("iris", "stable", "iris", "1.1.0", 200, 1.5, 0.5, 1, -1, false, "r-1"));
        for (String feature : List.of("f0", "f1", "f2", "f3")) {
            metrics.recordFeatureBins("iris", "1.1.0", feature, new long[] {0, 8});
        }

        // WHEN the invocation flushes
        metrics.flush();

        // THEN the five records went out in one write, each a whole JSON line, and were flushed
        assertThat(out.writes).hasSize(1);
        assertThat(out.flushes).isEqualTo(1);
        String[] lines = new String(out.writes.get(0), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(5);
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            assertThat(json.readTree(line).path("_aws").path("CloudWatchMetrics").isArray()).isTrue();
        }
    }

    @Test
    void flush_should_split_many_records_into_writes_of_whole_records_under_the_atomic_size() throws Exception {
        // GIVEN records of 60 series, far more than one atomic write holds
        Writes out = new Writes();
        AggregatedMetrics metrics = new AggregatedMetrics(EmfMetrics.to(out, MutableClock.atEpoch()));
        for (int s = 0; s < 60; s++) {
            metrics.record(new RequestMetrics("endpoint-" + s, "stable", "m", "1.0.0", 200, 1.0, 0.5, 1, -1, false, "r"));
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        AggregatedMetrics oneByOne = new AggregatedMetrics(new EmfMetrics(
                line -> expected.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8)), MutableClock.atEpoch()));
        for (int s = 0; s < 60; s++) {
            oneByOne.record(new RequestMetrics("endpoint-" + s, "stable", "m", "1.0.0", 200, 1.0, 0.5, 1, -1, false, "r"));
        }

        // WHEN flushed
        metrics.flush();
        oneByOne.flush();

        // THEN every write is whole lines of at most 4096 bytes, fewer writes than records, and together they are
        // exactly the records a line-by-line sink gets
        assertThat(out.writes).hasSizeBetween(2, 59);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] write : out.writes) {
            assertThat(write.length).isLessThanOrEqualTo(4096);
            assertThat(write[write.length - 1]).isEqualTo((byte) '\n');
            joined.writeBytes(write);
        }
        assertThat(joined.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString(StandardCharsets.UTF_8));
        assertThat(joined.toString(StandardCharsets.UTF_8).split("\n")).hasSize(60);
    }
}
