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
        Answer<R> answer = predictions.serve(call, request);
        RequestContext.answered(context, answer.prediction());
        if (context != null) {
            tokens.valueFor(call.requestId(), answer.prediction())
                    .ifPresent(token -> context.response().headers().set(PredictionTokenHeader.NAME, token));
        }
        return answer;
    }

    /** The largest request body accepted. */
    public long maxBodySize() {
        return config.http().maxBodySize().asLongValue();
    }
}
