package io.modelfn.api.http;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.prediction.Answer;
import io.modelfn.core.prediction.PredictionService;
import io.modelfn.core.prediction.ProtocolRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The HTTP side of the one prediction call, for every protocol adapter: hands the request's id,
 * arrival time and routing-key header ({@code modelfn.http.routing-key-header}) to
 * {@link PredictionService#serve}, and names who answered in the response headers.
 */
@ApplicationScoped
public class PredictionCalls {

    @Inject
    PredictionService predictions;

    @Inject
    ModelfnConfig config;

    public <R extends ProtocolRequest> Answer<R> serve(RoutingContext context, R request) {
        Answer<R> answer = predictions.serve(RequestContext.call(context, config.http().routingKeyHeader()), request);
        RequestContext.answered(context, answer.prediction());
        return answer;
    }

    /** The largest request body accepted. */
    public long maxBodySize() {
        return config.http().maxBodySize().asLongValue();
    }
}
