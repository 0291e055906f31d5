package io.modelfn.api.oip;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.http.RequestContext;
import io.modelfn.api.serving.ServingLifecycle;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.prediction.PredictRequest;
import io.modelfn.core.prediction.PredictionService;
import io.modelfn.core.prediction.Resolution;
import io.modelfn.core.protocol.BodyReader;
import io.modelfn.core.protocol.UnsupportedContentTypeException;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.oip.OipInferRequest;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.Variant;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
    /** The request parameter that keeps a caller on one variant when the routing-key header is absent. */
    static final String ROUTING_KEY_PARAMETER = "routing_key";

    @Inject
    PredictionService predictions;

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
        if (lifecycle.ready()) {
            return Response.ok("{\"ready\":true}").build();
        }
        // The protocol says a 4xx status means "not ready".
        return Response.status(400).entity(OipCodec.encodeError("not ready: registry not read or pinned models not loaded"))
                .build();
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
    public Response infer(@PathParam("name") String name, @HeaderParam("Content-Type") String contentType,
            @Context RoutingContext context, InputStream body) {
        return inferOn(name, null, contentType, context, body);
    }

    @POST
    @Path("/models/{name}/versions/{version}/infer")
    @Operation(summary = "Inference on one pinned version")
    public Response inferVersion(@PathParam("name") String name, @PathParam("version") String version,
            @HeaderParam("Content-Type") String contentType, @Context RoutingContext context, InputStream body) {
        return inferOn(name, version, contentType, context, body);
    }

    private Response inferOn(String name, String version, String contentType, RoutingContext context, InputStream in) {
        RequestContext.meter(context);
        requireJson(contentType);
        RegistrySnapshot snapshot = predictions.snapshots().current();
        if (snapshot.endpoint(name).isPresent() || snapshot.hasModel(name)) {
            RequestContext.resolved(context, name); // a registered name: its errors count for it
        }
        byte[] body = BodyReader.read(in, -1, config.http().maxBodySize().asLongValue());
        OipInferRequest request = codec.decodeInferRequest(body);
        String routingKey = routingKey(context, request);
        Resolution resolution = predictions.resolve(name, version, routingKey);
        RequestContext.resolved(context, resolution);
        PredictRequest predict = new PredictRequest(name, version, request.inputs(), request.outputs(), routingKey,
                RequestContext.requestId(context));
        Prediction prediction = predictions.run(resolution, request.inputs(), predict);
        RequestContext.answered(context, prediction);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("endpoint", prediction.endpoint());
        parameters.put("variant", prediction.variant());
        byte[] response = codec.encodeInferResponse(prediction.version().key().name(),
                prediction.version().key().version(), request.id(), parameters,
                OipCodec.ordered(prediction.outputs(), request.outputs()));
        return Response.ok(response, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The caller's routing key: the configured header, else the request parameter {@code routing_key}. */
    private String routingKey(RoutingContext context, OipInferRequest request) {
        String header = context.request().getHeader(config.http().routingKeyHeader());
        if (header != null && !header.isBlank()) {
            return header;
        }
        if (request.parameters() != null && request.parameters().hasNonNull(ROUTING_KEY_PARAMETER)) {
            return request.parameters().get(ROUTING_KEY_PARAMETER).asText();
        }
        return null;
    }

    private byte[] metadata(String name, String version) {
        Resolution resolution = version == null
                ? predictions.resolve(name, stableOrNull(name), null)
                : predictions.resolve(name, version, null);
        RegistrySnapshot snapshot = predictions.snapshots().current();
        String model = resolution.version().key().name();
        List<String> versions = snapshot.versions().values().stream()
                .filter(v -> v.key().name().equals(model) && v.state().canTakeTraffic())
                .map(v -> v.key().version())
                .sorted((a, b) -> io.modelfn.core.model.SemanticVersion.parse(a)
                        .compareTo(io.modelfn.core.model.SemanticVersion.parse(b)))
                .toList();
        return codec.encodeModelMetadata(name, versions, resolution.version().signature());
    }

    /** The endpoint's stable version, so metadata does not depend on the routing dice. */
    private String stableOrNull(String name) {
        return predictions.snapshots().current().endpoint(name)
                .flatMap(e -> e.stable()).map(v -> v.model().version()).orElse(null);
    }

    private Response readiness(String name, String version) {
        if (config.backend().forward() && predictions.resolve(name, version, null).backend().remote()) {
            // Forwarded: the backend's own health (/ping) is what SageMaker or the load balancer route on.
            return Response.ok("{\"ready\":true,\"backend\":\"remote\"}").build();
        }
        List<ModelVersion> versions;
        if (version != null) {
            versions = List.of(predictions.resolve(name, version, null).version());
        } else {
            RegistrySnapshot snapshot = predictions.snapshots().current();
            var endpoint = snapshot.endpoint(name);
            if (endpoint.isEmpty()) {
                versions = List.of(predictions.resolve(name, null, null).version());
            } else {
                versions = endpoint.get().variants().stream().filter(v -> v.weight() > 0).map(Variant::model)
                        .map(key -> snapshot.version(key).orElse(null)).filter(v -> v != null).toList();
            }
        }
        boolean ready = versions.stream().allMatch(v -> predictions.cache().isLoaded(v.key()));
        if (ready) {
            return Response.ok("{\"ready\":true}").build();
        }
        return Response.status(400).entity(OipCodec.encodeError("not ready: model not loaded yet")).build();
    }

    static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw new UnsupportedContentTypeException("content type '" + (type.length() > 64 ? type.substring(0, 64) : type)
                    + "' is not supported; the inference protocol speaks application/json");
        }
    }
}
