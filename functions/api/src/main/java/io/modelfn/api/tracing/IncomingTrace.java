package io.modelfn.api.tracing;

import io.modelfn.core.protocol.sagemaker.SageMakerRequest;
import io.modelfn.core.tracing.TraceContext;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.UnaryOperator;

/**
 * The trace a request continues, first found of:
 * <ol>
 *   <li>the Lambda runtime's trace header of this invocation (Lambda's own function segment, so the
 *       request's spans become its subsegments);</li>
 *   <li>a W3C {@code traceparent} header (with {@code tracestate}): a front end forwarding to this
 *       container, or any OpenTelemetry client;</li>
 *   <li>a {@code traceparent} entry in SageMaker's {@code X-Amzn-SageMaker-Custom-Attributes}, which is
 *       how a front end's trace crosses {@code InvokeEndpoint};</li>
 *   <li>an {@code X-Amzn-Trace-Id} header.</li>
 * </ol>
 * A header that does not parse is skipped, never an error. None: null (a new trace).
 */
public final class IncomingTrace {

    /** Where Lambda's Java runtimes (Quarkus's poll loop, the runtime interface client) put the invocation's header. */
    public static final String LAMBDA_TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

    private IncomingTrace() {
    }

    public static TraceContext of(HttpServerRequest request) {
        return of(request == null ? null : request::getHeader);
    }

    /** The same from any transport: {@code header} answers a request header's value by name, or null; null: no request. */
    public static TraceContext of(UnaryOperator<String> header) {
        TraceContext lambda = TraceContext.fromXRayHeader(System.getProperty(LAMBDA_TRACE_PROPERTY), true);
        if (lambda != null) {
            return lambda;
        }
        if (header == null) {
            return null;
        }
        TraceContext w3c = TraceContext.fromTraceparent(header.apply(TraceContext.TRACEPARENT),
                header.apply(TraceContext.TRACESTATE));
        if (w3c != null) {
            return w3c;
        }
        String attributes = header.apply(SageMakerRequest.CUSTOM_ATTRIBUTES);
        if (attributes != null) {
            TraceContext viaSageMaker = TraceContext.fromTraceparent(
                    SageMakerRequest.customAttributes(attributes).get(TraceContext.TRACEPARENT), null);
            if (viaSageMaker != null) {
                return viaSageMaker;
            }
        }
        return TraceContext.fromXRayHeader(header.apply(TraceContext.XRAY_HEADER), false);
    }
}
