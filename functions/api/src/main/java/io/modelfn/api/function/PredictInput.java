package io.modelfn.api.function;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /predict}.
 *
 * <pre>{"endpoint": "iris", "inputs": {"input": [[5.1, 3.5, 1.4, 0.2]]}}</pre>
 *
 * <p>{@code version} pins a version or alias, {@code routingKey} keeps a caller on one variant,
 * {@code outputs} selects outputs; all three are optional.
 */
public class PredictInput {

    private String endpoint;
    private String version;
    private String routingKey;
    private JsonNode inputs;
    private List<String> outputs;

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getRoutingKey() {
        return routingKey;
    }

    public void setRoutingKey(String routingKey) {
        this.routingKey = routingKey;
    }

    public JsonNode getInputs() {
        return inputs;
    }

    public void setInputs(JsonNode inputs) {
        this.inputs = inputs;
    }

    public List<String> getOutputs() {
        return outputs;
    }

    public void setOutputs(List<String> outputs) {
        this.outputs = outputs;
    }
}
