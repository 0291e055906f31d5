package io.modelfn.core.metrics;

import static io.modelfn.core.metrics.MetricsContract.CACHE_HIT;
import static io.modelfn.core.metrics.MetricsContract.CACHE_MISS;
import static io.modelfn.core.metrics.MetricsContract.CLIENT_ERRORS;
import static io.modelfn.core.metrics.MetricsContract.COLD_START;
import static io.modelfn.core.metrics.MetricsContract.COUNT;
import static io.modelfn.core.metrics.MetricsContract.INFERENCE_LATENCY;
import static io.modelfn.core.metrics.MetricsContract.LATENCY;
import static io.modelfn.core.metrics.MetricsContract.MILLISECONDS;
import static io.modelfn.core.metrics.MetricsContract.MODEL_LOAD_TIME;
import static io.modelfn.core.metrics.MetricsContract.REQUESTS;
import static io.modelfn.core.metrics.MetricsContract.SERVER_ERRORS;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes one CloudWatch embedded-metric-format (EMF) record per line. On Lambda, stdout goes to
 * CloudWatch Logs, which turns the records into metrics without any API call on the request path.
 *
 * <p>Records carry the three dimension sets of {@link MetricsContract} and the request id as a
 * property (searchable in Logs Insights, not a dimension). Nothing from the request body is ever
 * written. Thread-safe.
 *
 * <p>Every record is on the stream when the call that emits it returns: {@link #to(OutputStream, Clock)}
 * writes the record and its newline as one array and flushes, under a lock, so a record is never
 * left in a buffer of this process when an invocation returns and Lambda freezes (or recycles) the
 * environment. {@link #toStandardOutput(Clock)} writes to file descriptor 1 itself, past
 * {@code System.out}: on Lambda that stream is the runtime client's wrapper, whose {@code flush()}
 * does not reach the stream below it, and others may replace it; one {@code write} of a whole record
 * also keeps it in one piece beside other writers of the descriptor.
 */
public final class EmfMetrics implements Metrics {

    /*
     * Which function and version emit: Lambda's own environment, fixed for an environment's life
     * (a SnapStart snapshot belongs to one published version).
     */
    private static final String FUNCTION = lambdaEnvironment("AWS_LAMBDA_FUNCTION_NAME");
    private static final String FUNCTION_VERSION = lambdaEnvironment("AWS_LAMBDA_FUNCTION_VERSION");

    private final Consumer<String> sink;
    private final Clock clock;

    /** Records handed to {@code sink} as lines without their newline (tests keep them in memory). */
    public EmfMetrics(Consumer<String> sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** Records written to {@code out}, each with its newline in one write, then flushed. */
    public static EmfMetrics to(OutputStream out, Clock clock) {
        return new EmfMetrics(new FlushedLines(out), clock);
    }

    /** Records written to the process's standard output (file descriptor 1), unbuffered. */
    public static EmfMetrics toStandardOutput(Clock clock) {
        return to(new FileOutputStream(FileDescriptor.out), clock);
    }

    /** Hands one whole record (a line without its newline) to the sink. */
    void emit(String line) {
        sink.accept(line);
    }

    /**
     * Hands whole records, each ended by its newline, to the sink: to a stream in as few writes as keep every
     * record in one write of at most {@value FlushedLines#WHOLE_WRITE} bytes (or alone, if longer); to any other
     * sink one line at a time.
     */
    void emitAll(CharSequence records) {
        if (sink instanceof FlushedLines stream) {
            stream.acceptAll(records);
            return;
        }
        int start = 0;
        for (int i = 0; i < records.length(); i++) {
            if (records.charAt(i) == '\n') {
                sink.accept(records.subSequence(start, i).toString());
                start = i + 1;
            }
        }
    }

    long now() {
        return clock.millis();
    }

    @Override
    public void record(RequestMetrics r) {
        try {
            StringBuilder json = new StringBuilder(640);
            boolean inference = r.inferenceMs() >= 0;
            boolean load = r.modelLoadMs() >= 0;
            json.append("{\"_aws\":{\"Timestamp\":").append(clock.millis())
                    .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"").append(MetricsContract.NAMESPACE)
                    .append("\",\"Dimensions\":");
            dimensionSets(json);
            json.append(",\"Metrics\":[");
            metric(json, REQUESTS, COUNT, true);
            metric(json, CLIENT_ERRORS, COUNT, false);
            metric(json, SERVER_ERRORS, COUNT, false);
            metric(json, LATENCY, MILLISECONDS, false);
            if (inference) {
                metric(json, INFERENCE_LATENCY, MILLISECONDS, false);
            }
            if (r.cacheHit() >= 0) {
                metric(json, CACHE_HIT, COUNT, false);
                metric(json, CACHE_MISS, COUNT, false);
            }
            if (load) {
                metric(json, MODEL_LOAD_TIME, MILLISECONDS, false);
            }
            if (r.resultCacheHit() >= 0) {
                metric(json, MetricsContract.RESULT_CACHE_HIT, COUNT, false);
            }
            metric(json, COLD_START, COUNT, false);
            if (r.estimatedCost() >= 0) {
                metric(json, MetricsContract.ESTIMATED_COST, MetricsContract.NONE_UNIT, false);
            }
            json.append("]}]}");
            dimensionValues(json, r.endpoint(), r.variant(), r.model(), r.version());
            json.append(",\"").append(REQUESTS).append("\":1");
            json.append(",\"").append(CLIENT_ERRORS).append("\":").append(r.status() >= 400 && r.status() < 500 ? 1 : 0);
            json.append(",\"").append(SERVER_ERRORS).append("\":").append(r.status() >= 500 ? 1 : 0);
            json.append(",\"").append(LATENCY).append("\":").append(round(r.latencyMs()));
            if (inference) {
                json.append(",\"").append(INFERENCE_LATENCY).append("\":").append(round(r.inferenceMs()));
            }
            if (r.cacheHit() >= 0) {
                json.append(",\"").append(CACHE_HIT).append("\":").append(r.cacheHit());
                json.append(",\"").append(CACHE_MISS).append("\":").append(1 - r.cacheHit());
            }
            if (load) {
                json.append(",\"").append(MODEL_LOAD_TIME).append("\":").append(round(r.modelLoadMs()));
            }
            if (r.resultCacheHit() >= 0) {
                json.append(",\"").append(MetricsContract.RESULT_CACHE_HIT).append("\":").append(r.resultCacheHit());
            }
            json.append(",\"").append(COLD_START).append("\":").append(r.coldStart() ? 1 : 0);
            if (r.estimatedCost() >= 0) {
                // Dollars are tiny per request: scientific notation keeps their precision.
                json.append(",\"").append(MetricsContract.ESTIMATED_COST).append("\":").append(r.estimatedCost());
            }
            json.append(",\"Status\":").append(r.status());
            if (r.requestId() != null) {
                json.append(",\"RequestId\":");
                string(json, r.requestId());
            }
            json.append('}');
            sink.accept(json.toString());
        } catch (RuntimeException e) {
            // A metric is never worth a failed request.
        }
    }

    @Override
    public void recordEvent(String endpoint, String variant, String model, String version, String metric,
            double value, String unit) {
        try {
            StringBuilder json = new StringBuilder(384);
            json.append("{\"_aws\":{\"Timestamp\":").append(clock.millis())
                    .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"").append(MetricsContract.NAMESPACE)
                    .append("\",\"Dimensions\":");
            dimensionSets(json);
            json.append(",\"Metrics\":[");
            metric(json, metric, unit, true);
            json.append("]}]}");
            dimensionValues(json, endpoint, variant, model, version);
            json.append(",\"").append(metric).append("\":").append(round(value)).append('}');
            sink.accept(json.toString());
        } catch (RuntimeException e) {
            // as above
        }
    }

    @Override
    public void recordFeatureDrift(String model, String version, String feature, double psi) {
        try {
            StringBuilder json = new StringBuilder(320);
            json.append("{\"_aws\":{\"Timestamp\":").append(clock.millis())
                    .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"").append(MetricsContract.NAMESPACE)
                    .append("\",\"Dimensions\":[[");
            List<String> set = MetricsContract.BY_MODEL_VERSION_FEATURE;
            for (int i = 0; i < set.size(); i++) {
                json.append(i == 0 ? "\"" : ",\"").append(set.get(i)).append('"');
            }
            json.append("]],\"Metrics\":[");
            metric(json, MetricsContract.FEATURE_DRIFT_PSI, MetricsContract.NONE_UNIT, true);
            json.append("]}]}");
            json.append(",\"").append(MetricsContract.MODEL).append("\":");
            string(json, model);
            json.append(",\"").append(MetricsContract.VERSION).append("\":");
            string(json, version);
            json.append(",\"").append(MetricsContract.FEATURE).append("\":");
            string(json, feature);
            json.append(",\"").append(MetricsContract.FEATURE_DRIFT_PSI).append("\":")
                    .append(Math.round(psi * 1e6) / 1e6).append('}');
            sink.accept(json.toString());
        } catch (RuntimeException e) {
            // as above
        }
    }

    @Override
    public void recordFeatureBins(String model, String version, String feature, long[] counts) {
        try {
            for (int bin = 0; bin < counts.length; bin++) {
                if (counts[bin] <= 0) {
                    continue; // a bin without rows adds nothing to a sum: no record, no log bytes
                }
                StringBuilder json = new StringBuilder(320);
                json.append("{\"_aws\":{\"Timestamp\":").append(clock.millis())
                        .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"").append(MetricsContract.NAMESPACE)
                        .append("\",\"Dimensions\":[");
                dimensionSet(json, MetricsContract.BY_MODEL_VERSION_FEATURE_BIN);
                json.append("],\"Metrics\":[");
                metric(json, MetricsContract.FEATURE_BIN_COUNT, COUNT, true);
                json.append("]}]}");
                json.append(",\"").append(MetricsContract.MODEL).append("\":");
                string(json, model);
                json.append(",\"").append(MetricsContract.VERSION).append("\":");
                string(json, version);
                json.append(",\"").append(MetricsContract.FEATURE).append("\":");
                string(json, feature);
                json.append(",\"").append(MetricsContract.BIN).append("\":\"").append(bin).append('"');
                json.append(",\"").append(MetricsContract.FEATURE_BIN_COUNT).append("\":").append(counts[bin]).append('}');
                sink.accept(json.toString());
            }
        } catch (RuntimeException e) {
            // as above
        }
    }

    @Override
    public void recordRegistry(String source, String metric, double value, String unit) {
        try {
            StringBuilder json = new StringBuilder(256);
            json.append("{\"_aws\":{\"Timestamp\":").append(clock.millis())
                    .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"").append(MetricsContract.NAMESPACE)
                    .append("\",\"Dimensions\":[[\"").append(MetricsContract.REGISTRY_SOURCE).append("\"]],\"Metrics\":[");
            metric(json, metric, unit, true);
            json.append("]}]}");
            json.append(",\"").append(MetricsContract.REGISTRY_SOURCE).append("\":");
            string(json, source);
            json.append(",\"").append(metric).append("\":").append(round(value)).append('}');
            sink.accept(json.toString());
        } catch (RuntimeException e) {
            // as above
        }
    }

    static void dimensionSet(StringBuilder json, List<String> set) {
        json.append('[');
        for (int i = 0; i < set.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(set.get(i)).append('"');
        }
        json.append(']');
    }

    static void dimensionSets(StringBuilder json) {
        json.append('[');
        List<List<String>> sets = MetricsContract.DIMENSION_SETS;
        for (int i = 0; i < sets.size(); i++) {
            json.append(i == 0 ? "[" : ",[");
            List<String> set = sets.get(i);
            for (int j = 0; j < set.size(); j++) {
                json.append(j == 0 ? "\"" : ",\"").append(set.get(j)).append('"');
            }
            json.append(']');
        }
        json.append(']');
    }

    static void dimensionValues(StringBuilder json, String endpoint, String variant, String model, String version) {
        json.append(",\"").append(MetricsContract.ENDPOINT).append("\":");
        string(json, endpoint);
        json.append(",\"").append(MetricsContract.VARIANT).append("\":");
        string(json, variant);
        json.append(",\"").append(MetricsContract.MODEL).append("\":");
        string(json, model);
        json.append(",\"").append(MetricsContract.VERSION).append("\":");
        string(json, version);
        json.append(",\"").append(MetricsContract.FUNCTION).append("\":");
        string(json, FUNCTION);
        json.append(",\"").append(MetricsContract.FUNCTION_VERSION).append("\":");
        string(json, FUNCTION_VERSION);
    }

    private static String lambdaEnvironment(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? MetricsContract.NONE : value;
    }

    static void metric(StringBuilder json, String name, String unit, boolean first) {
        json.append(first ? "" : ",").append("{\"Name\":\"").append(name).append("\",\"Unit\":\"").append(unit).append("\"}");
    }

    private static String round(double value) {
        return Double.toString(Math.round(value * 1000.0) / 1000.0);
    }

    /** Writes a JSON string; dimension values are registry names, but escape anyway. */
    static void string(StringBuilder json, String value) {
        String text = value == null ? MetricsContract.NONE : value;
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    /**
     * Lines onto a stream: one write of the line and its newline, then a flush, one line at a time; or several
     * whole lines in one write ({@link #acceptAll}).
     */
    private static final class FlushedLines implements Consumer<String> {
        /**
         * The most bytes written at once when several lines go together: a pipe's {@code PIPE_BUF} on Linux, up
         * to which one write is never interleaved with another writer's (a log line) on the same pipe.
         */
        static final int WHOLE_WRITE = 4096;

        private final OutputStream out;

        FlushedLines(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void accept(String line) {
            byte[] text = line.getBytes(StandardCharsets.UTF_8);
            byte[] record = new byte[text.length + 1];
            System.arraycopy(text, 0, record, 0, text.length);
            record[text.length] = '\n';
            try {
                out.write(record);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Whole lines, each ended by its newline, in writes of whole lines of at most {@link #WHOLE_WRITE} bytes. */
        synchronized void acceptAll(CharSequence lines) {
            byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
            try {
                int from = 0;
                while (from < bytes.length) {
                    int to = Math.min(bytes.length, from + WHOLE_WRITE);
                    if (to < bytes.length) {
                        int cut = lastNewline(bytes, from, to);
                        to = cut >= 0 ? cut + 1 : nextNewline(bytes, to) + 1;
                    }
                    out.write(bytes, from, to - from);
                    from = to;
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static int lastNewline(byte[] bytes, int from, int to) {
            for (int i = to - 1; i >= from; i--) {
                if (bytes[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** The next newline at or after {@code from}, or the last byte when the lines end without one. */
        private static int nextNewline(byte[] bytes, int from) {
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    return i;
                }
            }
            return bytes.length - 1;
        }
    }
}
