package io.modelfn.api.http;

import io.modelfn.api.config.ModelfnConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Lifts the HTTP decoder's own limits on the request line and the headers well above ours
 * ({@code modelfn.http.max-uri-length}, {@code modelfn.http.max-header-size}). A request the decoder
 * refuses never reaches a route: the server answers it with an empty body and no content type. With
 * the decoder's limits above ours, a long path or a large header reaches {@link HttpPipeline}, which
 * answers 414 or 431 with a JSON error. Only what passes even the lifted limits (four times ours) gets
 * the decoder's bare answer.
 */
@ApplicationScoped
public class TransportLimits implements HttpServerOptionsCustomizer {

    static final int HEADROOM = 4;

    @Inject
    ModelfnConfig config;

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        lift(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        lift(options);
    }

    @Override
    public void customizeDomainSocketServer(HttpServerOptions options) {
        lift(options);
    }

    private void lift(HttpServerOptions options) {
        int line = (int) Math.min(Integer.MAX_VALUE, HEADROOM * (long) config.http().maxUriLength());
        int headers = (int) Math.min(Integer.MAX_VALUE, HEADROOM * config.http().maxHeaderSize().asLongValue());
        options.setMaxInitialLineLength(Math.max(options.getMaxInitialLineLength(), line));
        options.setMaxHeaderSize(Math.max(options.getMaxHeaderSize(), headers));
    }
}
