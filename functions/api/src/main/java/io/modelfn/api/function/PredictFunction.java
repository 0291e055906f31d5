package io.modelfn.api.function;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.http.RequestContext;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.prediction.PredictRequest;
import io.modelfn.core.prediction.PredictionService;
import io.modelfn.core.prediction.Resolution;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.simple.SimpleJsonCodec;
import io.modelfn.core.tensor.Tensor;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * {@code predict}: a function for simple JSON clients. Named nested arrays in, named nested arrays
 * out, with the class names of predicted labels; the same routing, validation and metrics as the
 * inference protocol.
 */
public class PredictFunction {

    @Inject
    PredictionService predictions;

    @Inject
    SimpleJsonCodec codec;

    @Inject
    CurrentVertxRequest current;

    @Funq("predict")
    public JsonNode predict(PredictInput input) {
        var context = current.getCurrent();
        RequestContext.meter(context);
        if (input == null || input.getEndpoint() == null || input.getEndpoint().isBlank()) {
            throw new MalformedRequestException("'endpoint' is required: the endpoint or model to ask");
        }
        String routingKey = input.getRoutingKey();
        Resolution resolution = predictions.resolve(input.getEndpoint(), input.getVersion(), routingKey);
        RequestContext.resolved(context, resolution.endpoint());
        Map<String, Tensor> inputs = codec.decodeInputs(input.getInputs(), resolution.version().signature());
        List<String> outputs = input.getOutputs() == null ? List.of() : input.getOutputs();
        PredictRequest request = new PredictRequest(input.getEndpoint(), input.getVersion(), inputs, outputs, routingKey,
                RequestContext.requestId(context));
        Prediction prediction = predictions.run(resolution, inputs, request);
        RequestContext.answered(context, prediction);
        return codec.encode(prediction);
    }
}
