package io.modelfn.api.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The one check of the admin bearer token (the local runner's authentication; IAM in AWS): the
 * {@code Authorization: Bearer <token>} header against the configured token, in constant time. No
 * configured token admits nobody.
 */
public final class BearerToken {

    /** What a refused caller is told to send. */
    public static final String CHALLENGE = "Bearer realm=\"modelfn-admin\"";

    private BearerToken() {
    }

    public static boolean admits(Optional<String> configured, String authorizationHeader) {
        String expected = configured.orElse("");
        String presented = authorizationHeader != null && authorizationHeader.startsWith("Bearer ")
                ? authorizationHeader.substring(7).trim() : "";
        return !expected.isEmpty() && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
