package io.modelfn.harness;

import java.util.Map;
import java.util.TreeMap;

/**
 * A function's configuration as Lambda applies it to each execution environment.
 *
 * @param environment the function's environment variables (as the template sets them, names resolved)
 * @param layers how many layers the template attaches
 */
public record FunctionConfiguration(String functionName, String handler, String runtime, int memoryMb,
        int timeoutSeconds, Map<String, String> environment, int layers) {

    public FunctionConfiguration {
        environment = Map.copyOf(environment);
    }

    /** This configuration with {@code overrides} put over its environment (a null value removes the variable). */
    public FunctionConfiguration withEnvironment(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(environment);
        overrides.forEach((name, value) -> {
            if (value == null) {
                merged.remove(name);
            } else {
                merged.put(name, value);
            }
        });
        return new FunctionConfiguration(functionName, handler, runtime, memoryMb, timeoutSeconds, merged, layers);
    }

    /** This configuration with another handler ({@code class::method}), for a function packaged otherwise. */
    public FunctionConfiguration withHandler(String otherHandler) {
        return new FunctionConfiguration(functionName, otherHandler, runtime, memoryMb, timeoutSeconds, environment, layers);
    }
}
