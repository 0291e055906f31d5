package io.modelfn.api.oip;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.http.ApiError;
import io.modelfn.api.http.PredictionCalls;
import io.modelfn.api.predictiontoken.PredictionTokenHeader;
import io.modelfn.api.serving.ServingLifecycle;
import io.modelfn.core.prediction.PredictionService;
import io.modelfn.core.prediction.Readiness;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.oip.OipRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Open Inference Protocol v2 REST API (KServe / Triton): health, server and model metadata,
 * readiness and inference. A model name in the path is an endpoint of the registry;
 * {@code /versions/{v}} pins a version (or an alias such as {@code production}).
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Open Inference Protocol v2")
public class OipResource {

    static final String SERVER_NAME = "modelfn";
    static final String SERVER_VERSION = "0.1.0";

    @Inject
    PredictionService predictions;

    @Inject
    PredictionCalls calls;

    @Inject
    OipCodec codec;

    @Inject
    ServingLifecycle lifecycle;

    @Inject
    ModelfnConfig config;

    @GET
    @Operation(summary = "Server metadata")
    public byte[] server() {
        return codec.encodeServerMetadata(SERVER_NAME, SERVER_VERSION, List.of());
    }

    @GET
    @Path("/health/live")
    @Operation(summary = "Server liveness: 200 while the process can answer")
    public Response live() {
        return Response.ok("{\"live\":true}").build();
    }

    @GET
    @Path("/health/ready")
    @Operation(summary = "Server readiness: 200 once the registry is read and pinned models are loaded")
    public Response ready() {
        return lifecycle.ready() ? Response.ok("{\"ready\":true}").build()
                : new ApiError(OipCodec.NOT_READY_STATUS, "not ready: registry not read or pinned models not loaded").response();
    }

    @GET
    @Path("/models/{name}")
    @Operation(summary = "Model metadata of an endpoint's stable version")
    public byte[] model(@PathParam("name") String name) {
        return metadata(name, null);
    }

    @GET
    @Path("/models/{name}/versions/{version}")
    @Operation(summary = "Model metadata of one version")
    public byte[] modelVersion(@PathParam("name") String name, @PathParam("version") String version) {
        return metadata(name, version);
    }

    @GET
    @Path("/models/{name}/ready")
    @Operation(summary = "Whether the endpoint's versions are loaded and can answer at once")
    public Response modelReady(@PathParam("name") String name) {
        return readiness(name, null);
    }

    @GET
    @Path("/models/{name}/versions/{version}/ready")
    @Operation(summary = "Whether one version is loaded and can answer at once")
    public Response modelVersionReady(@PathParam("name") String name, @PathParam("version") String version) {
        return readiness(name, version);
    }

    @POST
    @Path("/models/{name}/infer")
    @Operation(summary = "Inference on an endpoint (routed across its variants)")
    @APIResponse(responseCode = "200", description = "The prediction", headers = @Header(name = PredictionTokenHeader.NAME,
            description = PredictionTokenHeader.DESCRIPTION, schema = @Schema(type = SchemaType.STRING)))
    public Response infer(@PathParam("name") String name, @HeaderParam("Content-Type") String contentType,
            @Context RoutingContext context, InputStream body) {
        return infer(name, null, contentType, context, body);
    }

    @POST
    @Path("/models/{name}/versions/{version}/infer")
    @Operation(summary = "Inference on one pinned version")
    @APIResponse(responseCode = "200", description = "The prediction", headers = @Header(name = PredictionTokenHeader.NAME,
            description = PredictionTokenHeader.DESCRIPTION, schema = @Schema(type = SchemaType.STRING)))
    public Response inferVersion(@PathParam("name") String name, @PathParam("version") String version,
            @HeaderParam("Content-Type") String contentType, @Context RoutingContext context, InputStream body) {
        return infer(name, version, contentType, context, body);
    }

    private Response infer(String name, String version, String contentType, RoutingContext context, InputStream body) {
        var answer = calls.serve(context, OipRequest.of(codec, name, version, contentType, body, calls.maxBodySize()));
        return Response.ok(codec.encodeInferResponse(answer), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private byte[] metadata(String name, String version) {
        return codec.encodeModelMetadata(predictions.metadata(name, version));
    }

    /**
     * The protocol's {@code $ready_model_response} ({@code {"name", "ready"}}), with 200 when ready and
     * {@link OipCodec#NOT_READY_STATUS} when not, so that a probe reading only the status (Triton's
     * clients, Kubernetes, {@code curl -f}) and one reading the body agree. Asking starts a lazy load.
     */
    private Response readiness(String name, String version) {
        Readiness readiness = predictions.readiness(name, version);
        return switch (readiness.state()) {
            case READY -> Response.ok(codec.encodeModelReady(name, true, null)).build();
            // Forwarded: the backend's own health (/ping) is what SageMaker or the load balancer route on.
            case REMOTE -> Response.ok(codec.encodeModelReady(name, true, "remote")).build();
            case LOADING -> notReady(name, "not ready: the model is loading; ask again shortly");
            case FAILED -> notReady(name, "not ready: " + readiness.reason());
        };
    }

    private static Response notReady(String name, String message) {
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("name", name).put("ready", false);
        return new ApiError(OipCodec.NOT_READY_STATUS, message, details).response();
    }
}
