package io.modelfn.api.http;

import io.modelfn.core.metrics.RequestMetrics;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One structured log line per prediction request: request id, endpoint, model, version, variant,
 * status and latency as MDC fields (JSON fields when the JSON console format is on, as on Lambda),
 * so logs can be searched by request and by version. Never any part of the request or response body.
 */
final class RequestLog {

    private static final Logger LOG = Logger.getLogger("io.modelfn.requests");

    private RequestLog() {
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
        MDC.put("latencyMs", String.format(java.util.Locale.ROOT, "%.3f", r.latencyMs()));
        try {
            LOG.infof("%s %s/%s (%s) %d in %.1f ms", r.endpoint(), r.model(), r.version(), r.variant(), r.status(),
                    r.latencyMs());
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
}
