package io.modelfn.api.http;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.RequestMetrics;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * A structured log line for a prediction request: request id, endpoint, model, version, variant,
 * status and latency as MDC fields (JSON fields when the JSON console format is on, as on Lambda),
 * so logs can be searched by request and by version. Never any part of the request or response body.
 * Every failed request (status 400 and up) gets its line; successes only a sampled share
 * ({@code modelfn.http.request-log-sample-rate}, none by default): the metrics count every request,
 * and a line per success was a log write per request. Written beside each request's metrics record:
 * {@link #around(Metrics, double)}.
 */
public final class RequestLog {

    private static final Logger LOG = Logger.getLogger("io.modelfn.requests");

    private RequestLog() {
    }

    /**
     * The metrics sink that also writes the log line of each failed request and of a
     * {@code successSampleRate} share (0 to 1) of the successful ones.
     */
    public static Metrics around(Metrics metrics, double successSampleRate) {
        return new Metrics() {
            @Override
            public void record(RequestMetrics request) {
                metrics.record(request);
                if (logged(request.status(), successSampleRate, ThreadLocalRandom.current().nextDouble())) {
                    served(request);
                }
            }

            @Override
            public void recordEvent(String endpoint, String variant, String model, String version, String metric,
                    double value, String unit) {
                metrics.recordEvent(endpoint, variant, model, version, metric, value, unit);
            }

            @Override
            public void recordFeatureBins(String model, String version, String feature, long[] counts) {
                metrics.recordFeatureBins(model, version, feature, counts);
            }

            @Override
            public void recordFeatureDrift(String model, String version, String feature, double psi) {
                metrics.recordFeatureDrift(model, version, feature, psi);
            }

            @Override
            public void flush() {
                metrics.flush();
            }
        };
    }

    /** Whether a request with {@code status} gets its line, {@code draw} being uniform in [0, 1). */
    static boolean logged(int status, double successSampleRate, double draw) {
        return status >= 400 || draw < successSampleRate;
    }

    static void served(RequestMetrics r) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        MDC.put("requestId", r.requestId());
        MDC.put("endpoint", r.endpoint());
        MDC.put("model", r.model());
        MDC.put("version", r.version());
        MDC.put("variant", r.variant());
        MDC.put("status", Integer.toString(r.status()));
        MDC.put("latencyMs", decimals(r.latencyMs(), 3));
        try {
            // Built by hand: printf-style formatting (java.util.Formatter) showed in the profile of a warm
            // request (docs/PERFORMANCE.md, "Fixes").
            LOG.info(r.endpoint() + " " + r.model() + "/" + r.version() + " (" + r.variant() + ") " + r.status() + " in "
                    + decimals(r.latencyMs(), 1) + " ms");
        } finally {
            MDC.remove("requestId");
            MDC.remove("endpoint");
            MDC.remove("model");
            MDC.remove("version");
            MDC.remove("variant");
            MDC.remove("status");
            MDC.remove("latencyMs");
        }
    }

    /** {@code value} with 1 to 3 {@code places} of decimals, rounded half up, as {@code %.Nf} prints it. */
    static String decimals(double value, int places) {
        if (!Double.isFinite(value) || Math.abs(value) >= 1e12) {
            return String.format(java.util.Locale.ROOT, "%." + places + "f", value);
        }
        long scale = places == 1 ? 10 : places == 2 ? 100 : 1000;
        long scaled = Math.round(Math.abs(value) * scale);
        StringBuilder text = new StringBuilder(24);
        if (value < 0 && scaled != 0) {
            text.append('-');
        }
        text.append(scaled / scale).append('.');
        String fraction = Long.toString(scaled % scale);
        for (int i = fraction.length(); i < places; i++) {
            text.append('0');
        }
        return text.append(fraction).toString();
    }
}
