package io.modelfn.api.admin;

import io.quarkus.arc.DefaultBean;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Outside Lambda there is no IAM identity in the request; token auth names the caller instead. */
@ApplicationScoped
@DefaultBean
public class NoCallerIdentity implements CallerIdentity {

    @Override
    public Optional<String> principal(RoutingContext context) {
        return Optional.empty();
    }
}
