package io.modelfn.api.backend;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.clients.AwsClients;
import io.modelfn.api.tracing.IncomingTrace;
import io.modelfn.aws.clients.ClientUse;
import io.modelfn.core.backend.Backend;
import io.modelfn.core.backend.BackendFailureException;
import io.modelfn.core.backend.RemoteInference;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.tracing.TraceContext;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The remote backends of this process: sends each forwarded request to the client for its kind,
 * with the request id and the trace: the forward span's context when the request is traced
 * ({@code traceparent}, {@code tracestate} and {@code X-Amzn-Trace-Id} for HTTP; a {@code traceparent}
 * custom attribute and {@code X-Amzn-Trace-Id} for SageMaker), else the caller's X-Ray header
 * ({@code X-Amzn-Trace-Id}, else the Lambda runtime's) as it came. Clients are made on first use, so a
 * function whose endpoints all run here pays nothing for them at start.
 */
@ApplicationScoped
public class RemoteBackends implements RemoteInference {

    @Inject
    ModelfnConfig config;

    @Inject
    OipCodec codec;

    private volatile HttpBackendClient http;
    private volatile SageMakerRuntimeClient sageMakerClient;
    private volatile SageMakerBackendClient sageMaker;

    @Override
    public Map<String, Tensor> infer(Backend backend, ModelVersion version, Map<String, Tensor> inputs,
            List<String> outputs, String requestId, TraceContext trace) {
        if (currentHeader(HttpBackendClient.FORWARDED_HEADER) != null) {
            // A forwarded request reached a front end that would forward it again: the backend URL points
            // back at a front end (or a backend runs with forwarding on). Stop here rather than loop.
            throw new BackendFailureException("forwarding loop: a request forwarded to " + backend.text()
                    + " reached a front end; a backend must run with modelfn.backend.forward=false");
        }
        return switch (backend) {
            case Backend.Http h -> http().infer(h, version, inputs, outputs, requestId, trace,
                    trace == null ? traceHeader() : trace.xrayHeader());
            case Backend.SageMaker s -> sageMaker().infer(s, version, inputs, outputs, requestId, trace);
            case Backend.InProcess p -> throw new IllegalArgumentException("not a remote backend: " + p.text());
        };
    }

    private HttpBackendClient http() {
        HttpBackendClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = new HttpBackendClient(codec, config.backend().connectTimeout(), config.backend().timeout());
                }
                client = http;
            }
        }
        return client;
    }

    private SageMakerBackendClient sageMaker() {
        SageMakerBackendClient client = sageMaker;
        if (client == null) {
            synchronized (this) {
                if (sageMaker == null) {
                    sageMakerClient = AwsClients.factory(config).build(SageMakerRuntimeClient.builder(),
                            ClientUse.SAGEMAKER_RUNTIME, config.backend().timeout(),
                            config.aws().sagemakerRuntimeEndpoint());
                    sageMaker = new SageMakerBackendClient(sageMakerClient, codec, config.backend().timeout());
                }
                client = sageMaker;
            }
        }
        return client;
    }

    /** A header of the HTTP request this thread serves, or null (none, or not serving one). */
    static String currentHeader(String name) {
        var container = Arc.container();
        ManagedContext requests = container == null ? null : container.requestContext();
        if (requests == null || !requests.isActive()) {
            return null;
        }
        CurrentVertxRequest current = container.instance(CurrentVertxRequest.class).get();
        RoutingContext context = current == null ? null : current.getCurrent();
        return context == null ? null : context.request().getHeader(name);
    }

    /** The caller's trace header when this thread serves an HTTP request, else the Lambda runtime's. */
    static String traceHeader() {
        String header = currentHeader(HttpBackendClient.TRACE_HEADER);
        if (header == null) {
            header = System.getProperty(IncomingTrace.LAMBDA_TRACE_PROPERTY);
        }
        return header == null || header.isBlank() || header.length() > 256 ? null : header;
    }

    @PreDestroy
    void close() {
        SageMakerRuntimeClient client = sageMakerClient;
        if (client != null) {
            client.close();
        }
    }
}
