package io.modelfn.api.sagemaker;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.http.ApiError;
import io.modelfn.api.http.PredictionCalls;
import io.modelfn.api.http.RequestContext;
import io.modelfn.api.predictiontoken.PredictionTokenHeader;
import io.modelfn.api.serving.ServingLifecycle;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.oip.OipRequest;
import io.modelfn.core.protocol.sagemaker.SageMakerCodec;
import io.modelfn.core.protocol.sagemaker.SageMakerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The SageMaker inference container contract: {@code GET /ping} and {@code POST /invocations} on
 * port 8080. The endpoint served is named by the {@code X-ModelFn-Endpoint} header, an
 * {@code endpoint=<name>} entry in {@code X-Amzn-SageMaker-Custom-Attributes}, or configuration.
 * With the custom attributes {@code protocol=oip,model=<name>,version=<version>} the body is an Open
 * Inference Protocol request for that version, as a modelfn front end forwards it to a SageMaker
 * backend, and the answer is an Open Inference Protocol response.
 */
@Path("/")
@Tag(name = "SageMaker container contract")
public class SageMakerResource {

    /** {@code protocol=oip}: an Open Inference Protocol request forwarded by a modelfn front end. */
    static final String OIP = "oip";

    @Inject
    PredictionCalls calls;

    @Inject
    SageMakerCodec codec;

    @Inject
    OipCodec oip;

    @Inject
    ServingLifecycle lifecycle;

    @Inject
    ModelfnConfig config;

    @GET
    @Path("ping")
    @Operation(summary = "Container health: 200 once ready to serve")
    public Response ping() {
        return lifecycle.ready() ? Response.ok("{\"status\":\"healthy\"}", MediaType.APPLICATION_JSON_TYPE).build()
                : new ApiError(SageMakerCodec.UNHEALTHY_STATUS, "not ready: registry not read or pinned models not loaded")
                        .response();
    }

    @POST
    @Path("invocations")
    @Operation(summary = "Inference: JSON instances/inputs or CSV rows in, predictions out")
    @APIResponse(responseCode = "200", description = "The prediction", headers = @Header(name = PredictionTokenHeader.NAME,
            description = PredictionTokenHeader.DESCRIPTION, schema = @Schema(type = SchemaType.STRING)))
    public Response invocations(@HeaderParam("Content-Type") String contentType, @HeaderParam("Accept") String accept,
            @HeaderParam(RequestContext.ENDPOINT_HEADER) String endpoint,
            @HeaderParam(RequestContext.VERSION_HEADER) String version,
            @HeaderParam(SageMakerRequest.CUSTOM_ATTRIBUTES) String customAttributes,
            @Context RoutingContext context, InputStream in) {
        Map<String, String> attributes = SageMakerRequest.customAttributes(customAttributes);
        long limit = calls.maxBodySize();
        if (OIP.equals(attributes.get("protocol"))) {
            return forwarded(OipRequest.forwarded(oip, attributes.get("model"), attributes.get("version"),
                    attributes.get("request-id"), contentType, in, limit), context);
        }
        var request = new SageMakerRequest(codec, endpoint(endpoint, attributes), MISSING_ENDPOINT, version, contentType,
                accept, in, limit);
        var answer = calls.serve(context, request);
        SageMakerCodec.Encoded encoded = codec.encode(request.accept(), answer.prediction());
        return Response.ok(encoded.body(), encoded.contentType()).build();
    }

    /**
     * A request a front end forwarded to this container through SageMaker: an Open Inference Protocol
     * body for the version named by the {@code model} and {@code version} attributes, answered in kind.
     */
    private Response forwarded(OipRequest request, RoutingContext context) {
        byte[] answer = oip.encodeInferResponse(calls.serve(context, request));
        return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static final String MISSING_ENDPOINT =
            "name the endpoint: header " + RequestContext.ENDPOINT_HEADER + " or custom attribute endpoint=<name>";

    /** The endpoint header, else the {@code endpoint} attribute, else the configured one; null when none. */
    private String endpoint(String header, Map<String, String> attributes) {
        if (header != null && !header.isBlank()) {
            return header;
        }
        return attributes.getOrDefault("endpoint", config.sagemaker().endpoint().orElse(null));
    }
}
