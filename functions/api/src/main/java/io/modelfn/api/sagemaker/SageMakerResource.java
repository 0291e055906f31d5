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
import io.modelfn.core.protocol.oip.OipCodec;
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
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The SageMaker inference container contract: {@code GET /ping} and {@code POST /invocations} on
 * port 8080. The endpoint served is named by the {@code X-ModelFn-Endpoint} header, an
 * {@code endpoint=<name>} entry in {@code X-Amzn-SageMaker-Custom-Attributes}, or configuration.
 */
@Path("/")
@Tag(name = "SageMaker container contract")
public class SageMakerResource {

    static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";

    @Inject
    PredictionService predictions;

    @Inject
    SageMakerCodec codec;

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
        codec.requireAcceptable(accept);
        String endpoint = endpoint(endpointHeader, customAttributes);
        String routingKey = context.request().getHeader(config.http().routingKeyHeader());
        Resolution resolution = predictions.resolve(endpoint, blankToNull(versionHeader), routingKey);
        RequestContext.resolved(context, resolution.endpoint());
        byte[] body = BodyReader.read(in, -1, config.http().maxBodySize().asLongValue());
        Map<String, Tensor> inputs = codec.decode(contentType, body, resolution.version().signature());
        PredictRequest request = new PredictRequest(endpoint, blankToNull(versionHeader), inputs, List.of(), routingKey,
                RequestContext.requestId(context));
        Prediction prediction = predictions.run(resolution, inputs, request);
        RequestContext.answered(context, prediction);
        SageMakerCodec.Encoded encoded = codec.encode(accept, prediction);
        return Response.ok(encoded.body(), encoded.contentType()).build();
    }

    private String endpoint(String header, String customAttributes) {
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        if (customAttributes != null) {
            for (String attribute : customAttributes.split(",")) {
                String[] pair = attribute.trim().split("=", 2);
                if (pair.length == 2 && pair[0].trim().equals("endpoint") && !pair[1].isBlank()) {
                    return pair[1].trim();
                }
            }
        }
        return config.sagemaker().endpoint().orElseThrow(() -> new MalformedRequestException(
                "name the endpoint: header " + RequestContext.ENDPOINT_HEADER + " or custom attribute endpoint=<name>"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
