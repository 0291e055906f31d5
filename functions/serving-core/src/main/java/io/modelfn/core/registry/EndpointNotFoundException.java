package io.modelfn.core.registry;

/** No endpoint (or model) of the requested name is registered. */
public class EndpointNotFoundException extends RuntimeException {

    public EndpointNotFoundException(String name) {
        super("unknown model or endpoint '" + name + "'");
    }
}
