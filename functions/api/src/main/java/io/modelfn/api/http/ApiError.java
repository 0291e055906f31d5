package io.modelfn.api.http;

/** An HTTP status and the message a client may see. */
public record ApiError(int status, String message) {
}
