package io.modelfn.core.admin;

import java.time.Instant;
import java.util.Map;

/**
 * A pre-authorised upload: send the artifact's bytes with {@code method} to {@code url} with
 * {@code headers} before {@code expiresAt}, then register {@code location}.
 */
public record UploadTicket(String url, String method, Map<String, String> headers, String location, Instant expiresAt) {

    public UploadTicket {
        headers = Map.copyOf(headers);
    }
}
