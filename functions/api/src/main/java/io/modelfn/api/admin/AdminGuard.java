package io.modelfn.api.admin;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.http.AuthenticationRequiredException;
import io.modelfn.api.http.HttpPipeline;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Guards {@code /admin/}: absent (404) when the admin API is off, as in the prediction deployment;
 * otherwise every call must be authenticated: a bearer token locally, an IAM identity in AWS (where
 * API Gateway checks the SigV4 signature). Upload URLs carry their own signed token instead.
 */
@ApplicationScoped
public class AdminGuard {

    static final String PRINCIPAL = "modelfn.admin.principal";

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
            context.fail(404); // absent, as in the prediction deployment
            return;
        }
        if (context.request().method() == HttpMethod.PUT && context.request().path().startsWith(HttpPipeline.UPLOADS_PREFIX)) {
            context.next(); // authorised by the signed token in the URL
            return;
        }
        if ("token".equals(admin.auth())) {
            if (!BearerToken.admits(admin.token(), context.request().getHeader("Authorization"))) {
                context.response().putHeader("WWW-Authenticate", BearerToken.CHALLENGE);
                context.fail(new AuthenticationRequiredException(
                        "admin calls need the bearer token (Authorization: Bearer <token>)"));
                return;
            }
            context.put(PRINCIPAL, "token-holder");
        } else {
            var principal = identity.principal(context);
            if (principal.isEmpty()) {
                context.fail(new AuthenticationRequiredException("admin calls need an IAM-signed request (SigV4)"));
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
}
