package io.modelfn.api.admin;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.http.RequestContext;
import io.modelfn.core.protocol.oip.OipCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards {@code /admin/}: absent (404) when the admin API is off, as in the prediction deployment;
 * otherwise every call must be authenticated: a bearer token locally, an IAM identity in AWS (where
 * API Gateway checks the SigV4 signature). Upload URLs carry their own signed token instead.
 */
@ApplicationScoped
public class AdminGuard {

    public static final String PREFIX = RequestContext.ADMIN_PREFIX;
    static final String PRINCIPAL = "modelfn.admin.principal";
    static final String UPLOADS = PREFIX + "uploads/";

    @Inject
    ModelfnConfig config;

    @Inject
    CallerIdentity identity;

    void install(@Observes Router router) {
        router.route("/admin/*").order(Integer.MIN_VALUE + 1).handler(this::guard);
    }

    private void guard(RoutingContext context) {
        var admin = config.admin();
        if (!admin.enabled()) {
            refuse(context, 404, "not found");
            return;
        }
        if (context.request().method() == HttpMethod.PUT && context.request().path().startsWith(UPLOADS)) {
            context.next(); // authorised by the signed token in the URL
            return;
        }
        if ("token".equals(admin.auth())) {
            String expected = admin.token().orElse("");
            String header = context.request().getHeader("Authorization");
            String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
            if (expected.isEmpty() || !constantTimeEquals(expected, presented)) {
                context.response().putHeader("WWW-Authenticate", "Bearer realm=\"modelfn-admin\"");
                refuse(context, 401, "admin calls need the bearer token (Authorization: Bearer <token>)");
                return;
            }
            context.put(PRINCIPAL, "token-holder");
        } else {
            var principal = identity.principal(context);
            if (principal.isEmpty()) {
                refuse(context, 401, "admin calls need an IAM-signed request (SigV4)");
                return;
            }
            context.put(PRINCIPAL, principal.get());
        }
        context.next();
    }

    /** The authenticated caller of an admin request. */
    public static String principal(RoutingContext context) {
        String principal = context == null ? null : context.get(PRINCIPAL);
        return principal == null ? "unknown" : principal;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static void refuse(RoutingContext context, int status, String message) {
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(OipCodec.encodeError(message)));
    }
}
