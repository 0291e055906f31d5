package io.modelfn.aws.lean;

import java.util.Map;
import java.util.Optional;

/**
 * Where the lean clients take their credentials from: the environment's key pair (Lambda's on-demand
 * initialisation puts the function's role there), else the container endpoint (Lambda under SnapStart, ECS).
 * Elsewhere (a developer's profile, an instance role) there is none, and the SDK's own clients are used instead.
 *
 * <p>Implementations are thread-safe.
 */
public interface CredentialSource {

    /** The credentials to sign the next request with: fresh ones when those held expire soon. */
    Credentials current();

    /**
     * The source that {@code environment} offers, the same order as the SDK's default chain keeps for these two:
     * the environment's keys first, then the container endpoint; empty when it offers neither.
     */
    static Optional<CredentialSource> from(Map<String, String> environment) {
        Optional<Credentials> keys = EnvironmentCredentials.read(environment);
        if (keys.isPresent()) {
            Credentials fixed = keys.get();
            return Optional.of(() -> fixed);
        }
        return ContainerCredentials.from(environment).map(source -> source);
    }
}
