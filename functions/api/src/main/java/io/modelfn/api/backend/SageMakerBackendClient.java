package io.modelfn.api.backend;

import io.modelfn.core.backend.Backend;
import io.modelfn.core.backend.BackendFailureException;
import io.modelfn.core.backend.BackendRejectedException;
import io.modelfn.core.backend.BackendTimeoutException;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.tracing.TraceContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * Forwards to a SageMaker endpoint running the api container: {@code InvokeEndpoint} with an Open
 * Inference Protocol body and the custom attributes {@code protocol=oip,model=<name>,version=<version>}
 * (and the request id, and the forward span as {@code traceparent=<W3C header>}; {@code tracestate} holds
 * commas and stays behind), which the container's {@code /invocations} understands; the X-Ray header
 * names the forward span too, so SageMaker's own segment joins the trace. SageMaker reports a
 * container's own error status as a {@code ModelError}: its 4xx statuses pass through. Thread-safe.
 */
final class SageMakerBackendClient {

    /** The custom attribute that names the body's protocol; the container reads it. */
    static final String PROTOCOL_OIP = "protocol=oip";

    private final SageMakerRuntimeClient client;
    private final OipCodec codec;
    private final Duration timeout;

    SageMakerBackendClient(SageMakerRuntimeClient client, OipCodec codec, Duration timeout) {
        this.client = client;
        this.codec = codec;
        this.timeout = timeout;
    }

    Map<String, Tensor> infer(Backend.SageMaker backend, ModelVersion version, Map<String, Tensor> inputs,
            List<String> outputs, String requestId, TraceContext trace) {
        String where = backend.text();
        InvokeEndpointRequest.Builder builder = InvokeEndpointRequest.builder();
        if (trace != null) {
            // The SDK adds the Lambda runtime's header only where none is set: this one names our span.
            builder.overrideConfiguration(o -> o.putHeader(TraceContext.XRAY_HEADER, trace.xrayHeader()));
        }
        InvokeEndpointRequest request = builder
                .endpointName(backend.endpointName())
                .contentType("application/json")
                .accept("application/json")
                .customAttributes(customAttributes(version, requestId, trace))
                .body(SdkBytes.fromByteArrayUnsafe(codec.encodeInferRequest(requestId, inputs.values(), outputs)))
                .build();
        InvokeEndpointResponse response;
        try {
            response = client.invokeEndpoint(request);
        } catch (ModelErrorException e) {
            int original = e.originalStatusCode() == null ? 502 : e.originalStatusCode();
            String message = e.originalMessage() == null ? "(no message)"
                    : BackendAnswers.message(e.originalMessage().getBytes(StandardCharsets.UTF_8));
            if (original >= 400 && original < 500) {
                throw new BackendRejectedException(original, message);
            }
            throw new BackendFailureException(original == 503 ? 503 : 502, "backend " + where + " failed with status "
                    + original + ": " + message, e);
        } catch (ModelNotReadyException | ServiceUnavailableException e) {
            throw new BackendFailureException(503, "backend " + where + " is not ready: " + e.awsErrorDetails().errorMessage(), e);
        } catch (ValidationErrorException e) {
            // Our call was refused (no such endpoint, too large): a deployment problem, not the caller's.
            throw new BackendFailureException("SageMaker refused the call to " + where + ": "
                    + BackendAnswers.abbreviate(String.valueOf(e.awsErrorDetails().errorMessage())), e);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw new BackendTimeoutException("backend " + where + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (SdkException e) {
            throw new BackendFailureException("backend " + where + " could not be reached: "
                    + BackendAnswers.abbreviate(String.valueOf(e.getMessage())), e);
        }
        return BackendAnswers.read(codec, 200, response.body().asByteArrayUnsafe(), where);
    }

    static String customAttributes(ModelVersion version, String requestId, TraceContext trace) {
        StringBuilder text = new StringBuilder(PROTOCOL_OIP)
                .append(",model=").append(version.key().name())
                .append(",version=").append(version.key().version());
        if (requestId != null) {
            text.append(",request-id=").append(requestId);
        }
        if (trace != null) {
            text.append(',').append(TraceContext.TRACEPARENT).append('=').append(trace.traceparent());
        }
        return text.toString();
    }
}
