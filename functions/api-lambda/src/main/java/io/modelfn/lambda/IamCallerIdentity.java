package io.modelfn.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.modelfn.api.admin.CallerIdentity;
import io.quarkus.vertx.http.runtime.QuarkusHttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Optional;

/**
 * The admin caller on Lambda: the IAM identity API Gateway verified (SigV4) and put in the event's
 * request context. No identity there means the route was not IAM-authorised, and the admin guard
 * refuses the call even if API Gateway was misconfigured.
 */
@ApplicationScoped
@Alternative
@Priority(10)
public class IamCallerIdentity implements CallerIdentity {

    @Override
    public Optional<String> principal(RoutingContext context) {
        if (!(context.request().headers() instanceof QuarkusHttpHeaders headers)) {
            return Optional.empty();
        }
        APIGatewayV2HTTPEvent.RequestContext request = headers.getContextObject(APIGatewayV2HTTPEvent.RequestContext.class);
        if (request == null || request.getAuthorizer() == null || request.getAuthorizer().getIam() == null) {
            return Optional.empty();
        }
        var iam = request.getAuthorizer().getIam();
        String arn = iam.getUserArn() != null ? iam.getUserArn() : iam.getUserId();
        return Optional.ofNullable(arn).filter(s -> !s.isBlank());
    }
}
