package io.modelfn.lambda.direct;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.http.ApiError;
import io.modelfn.api.http.ErrorMapping;
import io.modelfn.api.http.HttpPipeline;
import io.modelfn.api.http.PredictionCalls;
import io.modelfn.api.http.RequestContext;
import io.modelfn.api.oip.OipInferRoute;
import io.modelfn.core.prediction.Answer;
import io.modelfn.core.prediction.CallContext;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.PayloadTooLargeException;
import io.modelfn.core.protocol.UnsupportedContentTypeException;
import io.modelfn.core.protocol.oip.BinaryTensorExtension;
import io.modelfn.core.protocol.oip.EncodedInferResponse;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.oip.OipRequest;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The inference protocol's {@code infer} served straight from an API Gateway HTTP API event, on the thread
 * that received it, without Quarkus's HTTP bridge (event to virtual HTTP request, router, route, virtual
 * response, event). What a caller or operator sees is the bridge's: the {@link HttpPipeline}'s checks in its
 * order, the {@link OipInferRoute}'s, the one call ({@link PredictionCalls#serve}, so the same metrics record,
 * request log line, trace and shadow copy), the same response headers, and every failure answered by
 * {@link ErrorMapping}.
 *
 * <p>An event it cannot answer exactly as the bridge would is left to the bridge ({@link #answer} returns
 * null): anything but a payload 2.0 POST to an infer path of plain segments, headers that are not plain ASCII,
 * an {@code Accept} naming neither JSON nor binary data (the JAX-RS resource answers those), a body over the
 * HTTP layer's own limit, and an endpoint served by a remote backend (its client reads the request's headers
 * from the Vert.x request). One difference: a body flagged base64 that does not decode is answered 400 here,
 * where the bridge fails with a 500.
 */
@ApplicationScoped
@Unremovable // looked up by the handler, injected nowhere
public class DirectInfer {

    private static final String REQUEST_ID_HEADER = RequestContext.REQUEST_ID_HEADER;

    @Inject
    PredictionCalls calls;

    @Inject
    OipCodec codec;

    @Inject
    ModelfnConfig config;

    @Inject
    RegistrySnapshotCache snapshots;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M")
    MemorySize transportLimit;

    /**
     * The response event to {@code event}, or null when the event is the HTTP bridge's to answer. Only for an
     * application whose infer route is on ({@code modelfn.http.infer-route}): off, the JAX-RS resource serves infer.
     */
    public byte[] answer(byte[] event) {
        GatewayEvent request = GatewayEvent.read(event);
        if (request == null || !"2.0".equals(request.version()) || !"POST".equals(request.method())) {
            return null;
        }
        InferTarget target = InferTarget.of(request.rawPath());
        if (target == null || request.headers() != null && request.headers().containsKey("X-Forwarded-Port")) {
            return null;
        }
        BridgedHeaders headers = BridgedHeaders.of(request);
        if (!headers.plain() || !OipInferRoute.acceptable(headers.first("Accept"))) {
            return null;
        }
        byte[] body;
        try {
            body = body(request);
        } catch (IllegalArgumentException notBase64) {
            return refused(headers, new MalformedRequestException("the event's body is flagged base64 but does not decode"));
        }
        if (body.length > transportLimit.asLongValue() || remote(target.name())) {
            return null;
        }
        return serve(request, target, headers, body);
    }

    private byte[] serve(GatewayEvent request, InferTarget target, BridgedHeaders headers, byte[] body) {
        String requestId = RequestContext.requestIdFor(headers.first(REQUEST_ID_HEADER));
        long started = System.nanoTime();
        Map<String, String> response = new LinkedHashMap<>();
        response.put(REQUEST_ID_HEADER, requestId);
        try {
            int refused = refusedStatus(request, headers);
            if (refused != 0) {
                return error(response, ErrorMapping.answer(null, refused, requestId));
            }
            String contentType = headers.first("Content-Type");
            checkBeforeBody(request.target(), contentType, headers, body);
            OipInferRoute.requireWellFormed(contentType);
            OipRequest infer = OipRequest.of(codec, target.name(), target.version(), contentType,
                    headers.first(BinaryTensorExtension.HEADER), new ByteArrayInputStream(body), calls.maxBodySize());
            CallContext call = calls.call(requestId, started, headers::first);
            Answer<OipRequest> answer = calls.serve(call, infer, response::put);
            EncodedInferResponse encoded = codec.encodeInferAnswer(answer);
            if (encoded.binary()) {
                response.put("Content-Type", "application/octet-stream");
                response.put(BinaryTensorExtension.HEADER, Integer.toString(encoded.headerLength()));
            } else {
                response.put("Content-Type", "application/json");
            }
            return answered(200, response, encoded.bytes());
        } catch (RuntimeException | Error failure) {
            return error(response, ErrorMapping.answer(failure, 500, requestId));
        }
    }

    /** The HTTP pipeline's statuses with no exception: a target or headers too long (414, 431); 0 when neither. */
    private int refusedStatus(GatewayEvent request, BridgedHeaders headers) {
        if (request.target().length() > config.http().maxUriLength()) {
            return 414;
        }
        if (headers.size() > config.http().maxHeaderSize().asLongValue()) {
            return 431;
        }
        return 0;
    }

    /** The HTTP pipeline's refusals of a request's target, type and declared size, then of an empty body. */
    private void checkBeforeBody(String target, String contentType, BridgedHeaders headers, byte[] body) {
        if (!HttpPipeline.isValidTarget(target)) {
            throw new MalformedRequestException("the request target is not a valid URI (a bad escape?)");
        }
        UnsupportedContentTypeException form = HttpPipeline.formRefused(contentType);
        if (form != null) {
            throw form;
        }
        long limit = config.http().maxBodySize().asLongValue();
        long declared = HttpPipeline.declaredLength(headers.first("Content-Length"));
        if (declared > limit) {
            throw new PayloadTooLargeException(limit);
        }
        if (declared == 0 || body.length == 0) {
            throw new MalformedRequestException("the request body is empty");
        }
    }

    private boolean remote(String endpoint) {
        RegistrySnapshot snapshot = snapshots.lastGood();
        return snapshot != null && snapshot.endpoint(endpoint).map(EndpointConfig::backend)
                .filter(backend -> !EndpointConfig.LAMBDA_BACKEND.equals(backend)).isPresent();
    }

    private static byte[] body(GatewayEvent request) {
        if (request.body() == null) {
            return new byte[0];
        }
        return request.isBase64Encoded() ? Base64.getDecoder().decode(request.body())
                : request.body().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] refused(BridgedHeaders headers, RuntimeException failure) {
        String requestId = RequestContext.requestIdFor(headers.first(REQUEST_ID_HEADER));
        Map<String, String> response = new LinkedHashMap<>();
        response.put(REQUEST_ID_HEADER, requestId);
        return error(response, ErrorMapping.answer(failure, 500, requestId));
    }

    private static byte[] error(Map<String, String> response, ApiError error) {
        response.put("Content-Type", "application/json");
        return answered(error.status(), response, error.body());
    }

    private static byte[] answered(int status, Map<String, String> headers, byte[] body) {
        headers.put("content-length", Integer.toString(body.length));
        return GatewayAnswer.of(status, headers, body);
    }
}
