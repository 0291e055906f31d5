package io.modelfn.api.function;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.http.PredictionCalls;
import io.modelfn.core.protocol.simple.SimpleJsonCodec;
import io.modelfn.core.protocol.simple.SimpleJsonRequest;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;

/**
 * {@code predict}: a function for simple JSON clients. Named nested arrays in, named nested arrays
 * out, with the class names of predicted labels; the same routing, validation and metrics as the
 * inference protocol.
 *
 * <pre>{"endpoint": "iris", "inputs": {"input": [[5.1, 3.5, 1.4, 0.2]]}}</pre>
 *
 * <p>{@code version} pins a version or alias, {@code routingKey} keeps a caller on one variant (the
 * routing-key header wins over it), {@code outputs} selects outputs; all three are optional. Unknown
 * fields are refused ({@link SimpleJsonRequest}).
 */
public class PredictFunction {

    @Inject
    PredictionCalls calls;

    @Inject
    SimpleJsonCodec codec;

    @Inject
    CurrentVertxRequest current;

    @Funq("predict")
    public JsonNode predict(JsonNode body) {
        return codec.encode(calls.serve(current.getCurrent(), new SimpleJsonRequest(codec, body)).prediction());
    }
}
