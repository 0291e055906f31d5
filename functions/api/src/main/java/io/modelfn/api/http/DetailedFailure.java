package io.modelfn.api.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A failure that knows its own HTTP status and the details a client may see (e.g. a stored admin
 * outcome answered again to a retry), so that {@link ErrorMapping} needs to know no feature's types.
 */
public interface DetailedFailure {

    /** The HTTP status to answer. */
    int status();

    /** The fields added to the JSON error body, or null. */
    JsonNode details();
}
