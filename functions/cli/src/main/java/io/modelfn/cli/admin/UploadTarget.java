package io.modelfn.cli.admin;

import io.modelfn.admin.contract.UploadTicketInfo;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where to send an artifact, as {@code uploads/prepare} answered: a pre-signed (or tokened) URL,
 * the method and headers to use with it, and the {@code location} to register afterwards.
 */
public record UploadTarget(URI url, String method, Map<String, String> headers, String location) {

    public UploadTarget {
        headers = Map.copyOf(headers);
    }

    /**
     * Reads the answer of {@code uploads/prepare}; a relative {@code url} is resolved against the
     * admin API's base URL.
     *
     * @throws AdminUnavailableException when the answer lacks {@code url} or {@code location}
     */
    public static UploadTarget fromPrepareAnswer(UploadTicketInfo ticket, URI baseUrl) {
        String url = ticket.url() == null ? "" : ticket.url();
        String location = ticket.location() == null ? "" : ticket.location();
        if (url.isBlank() || location.isBlank()) {
            throw new AdminUnavailableException("uploads/prepare answered without a url or location: " + ticket, null,
                    null);
        }
        String method = ticket.method() == null ? "PUT" : ticket.method().toUpperCase(Locale.ROOT);
        Map<String, String> headers = ticket.headers() == null ? Map.of() : new LinkedHashMap<>(ticket.headers());
        return new UploadTarget(baseUrl.resolve(url), method.isBlank() ? "PUT" : method, headers, location);
    }
}
