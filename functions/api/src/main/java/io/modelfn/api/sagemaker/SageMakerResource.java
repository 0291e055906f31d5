package io.modelfn.api.sagemaker;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.http.RequestContext;
import io.modelfn.api.serving.ServingLifecycle;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.prediction.PredictRequest;
import io.modelfn.core.prediction.PredictionService;
import io.modelfn.core.prediction.Resolution;
import io.modelfn.core.protocol.BodyReader;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.UnsupportedContentTypeException;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.oip.OipInferRequest;
import io.modelfn.core.protocol.sagemaker.SageMakerCodec;
import io.modelfn.core.tensor.Tensor;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
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

    static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";
    /** {@code protocol=oip}: an Open Inference Protocol request forwarded by a modelfn front end. */
    static final String OIP = "oip";

    @Inject
    PredictionService predictions;

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
        if (lifecycle.ready()) {
            return Response.ok("{\"status\":\"healthy\"}", MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(OipCodec.encodeError("not ready: registry not read or pinned models not loaded")).build();
    }

    @POST
    @Path("invocations")
    @Operation(summary = "Inference: JSON instances/inputs or CSV rows in, predictions out")
    public Response invocations(@HeaderParam("Content-Type") String contentType, @HeaderParam("Accept") String accept,
            @HeaderParam(RequestContext.ENDPOINT_HEADER) String endpointHeader,
            @HeaderParam(RequestContext.VERSION_HEADER) String versionHeader,
            @HeaderParam(CUSTOM_ATTRIBUTES) String customAttributes,
            @Context RoutingContext context, InputStream in) {
        RequestContext.meter(context);
        Map<String, String> attributes = attributes(customAttributes);
        if (OIP.equals(attributes.get("protocol"))) {
            return forwarded(attributes, contentType, context, in);
        }
        codec.requireAcceptable(accept);
        String endpoint = endpoint(endpointHeader, attributes);
        String routingKey = context.request().getHeader(config.http().routingKeyHeader());
        Resolution resolution = predictions.resolve(endpoint, blankToNull(versionHeader), routingKey);
        RequestContext.resolved(context, resolution);
        byte[] body = BodyReader.read(in, -1, config.http().maxBodySize().asLongValue());
        Map<String, Tensor> inputs = codec.decode(contentType, body, resolution.version().signature());
        PredictRequest request = new PredictRequest(endpoint, blankToNull(versionHeader), inputs, List.of(), routingKey,
                RequestContext.requestId(context));
        Prediction prediction = predictions.run(resolution, inputs, request);
        RequestContext.answered(context, prediction);
        SageMakerCodec.Encoded encoded = codec.encode(accept, prediction);
        return Response.ok(encoded.body(), encoded.contentType()).build();
    }

    /**
     * A request a front end forwarded to this container through SageMaker: an Open Inference Protocol
     * body for the version named by the {@code model} and {@code version} attributes, answered in kind.
     */
    private Response forwarded(Map<String, String> attributes, String contentType, RoutingContext context,
            InputStream in) {
        String model = attributes.get("model");
        String version = attributes.get("version");
        if (model == null || version == null) {
            throw new MalformedRequestException("protocol=oip needs the custom attributes model=<name> and version=<version>");
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_JSON)) {
            throw new UnsupportedContentTypeException(
                    "protocol=oip takes application/json");
        }
        Resolution resolution = predictions.resolve(model, version, null).inProcess();
        RequestContext.resolved(context, resolution);
        byte[] body = BodyReader.read(in, -1, config.http().maxBodySize().asLongValue());
        OipInferRequest request = oip.decodeInferRequest(body);
        String requestId = attributes.getOrDefault("request-id", RequestContext.requestId(context));
        PredictRequest predict = new PredictRequest(model, version, request.inputs(), request.outputs(), null, requestId);
        Prediction prediction = predictions.run(resolution, request.inputs(), predict);
        RequestContext.answered(context, prediction);
        byte[] response = oip.encodeInferResponse(prediction.version().key().name(), prediction.version().key().version(),
                request.id(), Map.of(), OipCodec.ordered(prediction.outputs(), request.outputs()));
        return Response.ok(response, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** {@code key=value} pairs of the custom attributes header (SageMaker passes it through as is). */
    static Map<String, String> attributes(String customAttributes) {
        Map<String, String> attributes = new HashMap<>();
        if (customAttributes != null && customAttributes.length() <= 1024) {
            for (String attribute : customAttributes.split(",")) {
                String[] pair = attribute.trim().split("=", 2);
                if (pair.length == 2 && !pair[0].isBlank() && !pair[1].isBlank()) {
                    attributes.putIfAbsent(pair[0].trim(), pair[1].trim());
                }
            }
        }
        return attributes;
    }

    private String endpoint(String header, Map<String, String> attributes) {
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        if (attributes.containsKey("endpoint")) {
            return attributes.get("endpoint");
        }
        return config.sagemaker().endpoint().orElseThrow(() -> new MalformedRequestException(
                "name the endpoint: header " + RequestContext.ENDPOINT_HEADER + " or custom attribute endpoint=<name>"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
