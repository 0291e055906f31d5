package io.modelfn.api.tracing;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.tracing.Tracer;
import io.modelfn.core.tracing.xray.UdpSegmentSink;
import io.modelfn.core.tracing.xray.XRayTracer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.logging.Logger;

/**
 * The tracer of this process: X-Ray segment documents to the daemon over UDP when tracing is on and a
 * daemon is named, else {@link Tracer#OFF}. No tracing library is loaded either way; the socket opens
 * with the first traced request.
 */
public class TracingBeans {

    private static final Logger LOG = Logger.getLogger(TracingBeans.class.getName());

    @Produces
    @Singleton
    Tracer tracer(ModelfnConfig config) {
        var tracing = config.tracing();
        if (!tracing.enabled() || tracing.daemonAddress().isEmpty()) {
            return Tracer.OFF;
        }
        var daemon = UdpSegmentSink.daemonAddress(tracing.daemonAddress().get());
        LOG.fine(() -> "tracing to the X-Ray daemon at " + daemon);
        return new XRayTracer(new UdpSegmentSink(daemon), tracing.serviceName());
    }
}
