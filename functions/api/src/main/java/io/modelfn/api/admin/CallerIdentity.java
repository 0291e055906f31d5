package io.modelfn.api.admin;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Who is calling the admin API, for authorisation and for the audit trail. The Lambda packaging
 * replaces the default with one that reads the IAM identity API Gateway put in the event.
 */
public interface CallerIdentity {

    /** The caller's principal (an IAM ARN in AWS), or empty when the request carries none. */
    Optional<String> principal(RoutingContext context);
}
