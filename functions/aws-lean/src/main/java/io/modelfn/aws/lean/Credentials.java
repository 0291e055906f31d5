package io.modelfn.aws.lean;

import java.time.Instant;

/**
 * One set of AWS credentials: a key pair, the session token of temporary credentials (else null), and when
 * they expire (null when they do not).
 */
public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

    public Credentials {
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("credentials need an access key id and a secret access key");
        }
        sessionToken = sessionToken == null || sessionToken.isBlank() ? null : sessionToken;
    }

    /** Whether these credentials are past {@code at}, or will be within {@code marginMillis} of it. */
    boolean expiresBefore(Instant at, long marginMillis) {
        return expiration != null && !expiration.isAfter(at.plusMillis(marginMillis));
    }

    @Override
    public String toString() {
        return "Credentials[" + accessKeyId + ", secret hidden]";
    }
}
