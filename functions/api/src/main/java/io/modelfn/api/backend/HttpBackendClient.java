package io.modelfn.api.backend;

import io.modelfn.core.backend.Backend;
import io.modelfn.core.backend.BackendFailureException;
import io.modelfn.core.backend.BackendTimeoutException;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.tracing.TraceContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Forwards to the api container behind a URL: {@code POST <url>/v2/models/<model>/versions/<version>/infer}
 * in the Open Inference Protocol, with the request id and trace headers. One JDK HTTP client, HTTP/1.1
 * with keep-alive; the deadline covers the whole exchange. Thread-safe.
 */
final class HttpBackendClient {

    static final String TRACE_HEADER = "X-Amzn-Trace-Id";
    static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** Marks a forwarded request, so that a front end it reaches by mistake refuses to forward it again. */
    static final String FORWARDED_HEADER = "X-ModelFn-Forwarded";

    private final HttpClient client;
    private final OipCodec codec;
    private final Duration timeout;

    HttpBackendClient(OipCodec codec, Duration connectTimeout, Duration timeout) {
        this.codec = codec;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Map<String, Tensor> infer(Backend.Http backend, ModelVersion version, Map<String, Tensor> inputs,
            List<String> outputs, String requestId, TraceContext trace, String traceHeader) {
        URI uri = backend.resolve("/v2/models/" + segment(version.key().name()) + "/versions/"
                + segment(version.key().version()) + "/infer");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header(FORWARDED_HEADER, "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.encodeInferRequest(requestId, inputs.values(), outputs)));
        if (requestId != null) {
            request.header(REQUEST_ID_HEADER, requestId);
        }
        if (trace != null) {
            request.header(TraceContext.TRACEPARENT, trace.traceparent());
            if (trace.traceState() != null) {
                request.header(TraceContext.TRACESTATE, trace.traceState());
            }
        }
        if (traceHeader != null) {
            request.header(TRACE_HEADER, traceHeader);
        }
        String where = backend.text();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new BackendTimeoutException("backend " + where + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new BackendFailureException("backend " + where + " could not be reached: " + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? " " + BackendAnswers.abbreviate(e.getMessage()) : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendFailureException("interrupted while waiting for backend " + where, e);
        }
        return BackendAnswers.read(codec, response.statusCode(), response.body(), where);
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
