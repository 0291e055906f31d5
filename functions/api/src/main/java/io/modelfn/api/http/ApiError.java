package io.modelfn.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.protocol.oip.OipCodec;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An HTTP status and what a client may see: the message, and for some errors details (e.g. the
 * validation report of a refused version). Every error answer of the application is written from
 * one of these, as a JAX-RS response or straight onto a Vert.x route.
 */
public record ApiError(int status, String message, JsonNode details) {

    public ApiError(int status, String message) {
        this(status, message, null);
    }

    /** {@code {"error": "..."}} plus the details' fields. */
    public byte[] body() {
        return OipCodec.encodeError(message, details);
    }

    /** The answer of a JAX-RS resource. */
    public Response response() {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body()).build();
    }

    /** Ends a Vert.x route with this answer; the future completes once it is written. */
    public Future<Void> end(RoutingContext context) {
        return context.response().setStatusCode(status).putHeader("Content-Type", MediaType.APPLICATION_JSON)
                .end(Buffer.buffer(body()));
    }
}
