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
import io.modelfn.core.protocol.oip.BinaryTensorExtension;
import io.modelfn.core.protocol.oip.EncodedInferResponse;
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

    private static final String BINARY_DESCRIPTION = "A JSON request, or (Triton's binary tensor data extension) a JSON"
            + " request of " + BinaryTensorExtension.HEADER + " bytes followed by the raw little-endian data of the"
            + " inputs with binary_data_size. Outputs asked for with binary_data (or the request parameter"
            + " binary_data_output) come the same way, as application/octet-stream.";
    private static final String HEADER_DESCRIPTION = "On an application/octet-stream answer: the length of its JSON part";

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
        return codec.encodeServerMetadata(SERVER_NAME, SERVER_VERSION, List.of(BinaryTensorExtension.NAME));
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
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Inference on an endpoint (routed across its variants)", description = BINARY_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The prediction", headers = {@Header(name = PredictionTokenHeader.NAME,
            description = PredictionTokenHeader.DESCRIPTION, schema = @Schema(type = SchemaType.STRING)),
            @Header(name = BinaryTensorExtension.HEADER, description = HEADER_DESCRIPTION,
                    schema = @Schema(type = SchemaType.INTEGER))})
    public Response infer(@PathParam("name") String name, @HeaderParam("Content-Type") String contentType,
            @HeaderParam(BinaryTensorExtension.HEADER) String headerLength, @Context RoutingContext context,
            InputStream body) {
        return infer(name, null, contentType, headerLength, context, body);
    }

    @POST
    @Path("/models/{name}/versions/{version}/infer")
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Inference on one pinned version", description = BINARY_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The prediction", headers = {@Header(name = PredictionTokenHeader.NAME,
            description = PredictionTokenHeader.DESCRIPTION, schema = @Schema(type = SchemaType.STRING)),
            @Header(name = BinaryTensorExtension.HEADER, description = HEADER_DESCRIPTION,
                    schema = @Schema(type = SchemaType.INTEGER))})
    public Response inferVersion(@PathParam("name") String name, @PathParam("version") String version,
            @HeaderParam("Content-Type") String contentType, @HeaderParam(BinaryTensorExtension.HEADER) String headerLength,
            @Context RoutingContext context, InputStream body) {
        return infer(name, version, contentType, headerLength, context, body);
    }

    private Response infer(String name, String version, String contentType, String headerLength, RoutingContext context,
            InputStream body) {
        var answer = calls.serve(context, OipRequest.of(codec, name, version, contentType, headerLength, body,
                calls.maxBodySize()));
        EncodedInferResponse response = codec.encodeInferAnswer(answer);
        if (!response.binary()) {
            return Response.ok(response.bytes(), MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.ok(response.bytes(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(BinaryTensorExtension.HEADER, response.headerLength()).build();
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
