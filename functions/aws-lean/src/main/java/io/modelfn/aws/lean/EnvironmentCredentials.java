package io.modelfn.aws.lean;

import java.util.Map;
import java.util.Optional;

/** The key pair in {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}. */
final class EnvironmentCredentials {

    private EnvironmentCredentials() {
    }

    static Optional<Credentials> read(Map<String, String> environment) {
        String id = trimmed(environment.get("AWS_ACCESS_KEY_ID"));
        String secret = trimmed(environment.get("AWS_SECRET_ACCESS_KEY"));
        if (id == null || secret == null) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(id, secret, trimmed(environment.get("AWS_SESSION_TOKEN")), null));
    }

    static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
