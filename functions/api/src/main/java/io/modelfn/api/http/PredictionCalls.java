package io.modelfn.api.http;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.predictiontoken.PredictionTokenHeader;
import io.modelfn.core.prediction.Answer;
import io.modelfn.core.prediction.CallContext;
import io.modelfn.core.prediction.PredictionService;
import io.modelfn.core.prediction.ProtocolRequest;
import io.modelfn.core.tracing.Tracer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The HTTP side of the one prediction call, for every protocol adapter: hands the request's id,
 * arrival time, routing-key header ({@code modelfn.http.routing-key-header}) and trace to
 * {@link PredictionService#serve}, and names who answered in the response headers, with the signed
 * prediction token ({@value PredictionTokenHeader#NAME}) that feedback on this prediction must bring back.
 */
@ApplicationScoped
public class PredictionCalls {

    @Inject
    PredictionService predictions;

    @Inject
    ModelfnConfig config;

    @Inject
    PredictionTokenHeader tokens;

    @Inject
    Tracer tracer;

    public <R extends ProtocolRequest> Answer<R> serve(RoutingContext context, R request) {
        CallContext call = RequestContext.call(context, config.http().routingKeyHeader(), tracer.enabled());
        return serve(call, request, context == null ? null : context.response().headers()::set);
    }

    /** The call context of a request read by any transport ({@link RequestContext#call(String, long, UnaryOperator, String, boolean)}). */
    public CallContext call(String requestId, long startedNanos, UnaryOperator<String> header) {
        return RequestContext.call(requestId, startedNanos, header, config.http().routingKeyHeader(), tracer.enabled());
    }

    /**
     * The call, from any transport: {@code responseHeader} sets a response header (who answered, the prediction
     * token) by name and value; null when there is no response to name them on (a direct function call).
     */
    public <R extends ProtocolRequest> Answer<R> serve(CallContext call, R request, BiConsumer<String, String> responseHeader) {
        Answer<R> answer = predictions.serve(call, request);
        if (responseHeader != null) {
            RequestContext.answered(responseHeader, answer.prediction());
            tokens.valueFor(call.requestId(), answer.prediction())
                    .ifPresent(token -> responseHeader.accept(PredictionTokenHeader.NAME, token));
        }
        return answer;
    }

    /** The largest request body accepted. */
    public long maxBodySize() {
        return config.http().maxBodySize().asLongValue();
    }
}
