package io.modelfn.cli.admin;

import java.net.URI;
import java.util.Map;

/**
 * Proves who is calling the admin API by adding headers to a request that is otherwise complete.
 * Implementations are called once per request, from one thread.
 */
public interface RequestAuthenticator {

    /**
     * The headers to add to a request.
     *
     * @param method  the HTTP method
     * @param uri     the full request URI
     * @param headers the headers the request already carries (they may be signed; never changed)
     * @param body    the exact body bytes that will be sent
     * @throws CredentialsUnavailableException when there are no credentials to authenticate with
     */
    Map<String, String> headersFor(String method, URI uri, Map<String, String> headers, byte[] body);

    /** No authentication: for a local server with the admin API open. */
    static RequestAuthenticator none() {
        return (method, uri, headers, body) -> Map.of();
    }

    /** {@code Authorization: Bearer <token>}: the admin token of the HTTP application. */
    static RequestAuthenticator bearer(String token) {
        Map<String, String> authorization = Map.of("Authorization", "Bearer " + token);
        return (method, uri, headers, body) -> authorization;
    }
}
