package io.modelfn.core.registry.write;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;

/**
 * One guarded change inside {@link ModelRegistry#atomically}: all of a call's mutations are written
 * together or none is.
 */
public sealed interface Mutation {

    /** Stores an endpoint's configuration; {@code expectedRevision} 0 creates it. */
    record PutEndpoint(EndpointConfig endpoint, long expectedRevision) implements Mutation {
    }

    /** Points an alias at a version; {@code expectedRevision} 0 creates it. */
    record SetAlias(String model, String alias, String version, long expectedRevision) implements Mutation {
    }

    /** Moves a version to another lifecycle state. */
    record Transition(ModelKey key, LifecycleState to, String reason, long expectedRevision) implements Mutation {
    }
}
