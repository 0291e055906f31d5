package io.modelfn.api.http;

import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Maps every exception escaping a JAX-RS resource to the protocol's {@code {"error": "..."}} body. */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<Throwable> {

    @Inject
    RoutingContext context;

    @Override
    public Response toResponse(Throwable failure) {
        return ErrorMapping.answer(failure, 500, RequestContext.requestId(context)).response();
    }
}
