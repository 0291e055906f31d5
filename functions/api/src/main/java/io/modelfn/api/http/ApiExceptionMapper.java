package io.modelfn.api.http;

import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Maps every exception escaping a JAX-RS resource to the protocol's {@code {"error": "..."}} body. */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    @Inject
    RoutingContext context;

    @Override
    public Response toResponse(Throwable failure) {
        String requestId = RequestContext.requestId(context);
        ApiError error = ErrorMapping.of(failure, 500, requestId);
        RequestContext.recordFailure(context, failure);
        ErrorMapping.logServerFailure(LOG, failure, error.status(), requestId);
        return Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error.body()).build();
    }
}
