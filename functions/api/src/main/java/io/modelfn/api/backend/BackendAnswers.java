package io.modelfn.api.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.backend.BackendFailureException;
import io.modelfn.core.backend.BackendRejectedException;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** How every backend client reads an answer: outputs on success, our exceptions otherwise. */
final class BackendAnswers {

    private static final int MAX_MESSAGE = 500;

    private BackendAnswers() {
    }

    /**
     * @param status the backend's HTTP status
     * @param body its body
     * @param where the backend, for messages (never a secret: a name or a URL without credentials)
     */
    static Map<String, Tensor> read(OipCodec codec, int status, byte[] body, String where) {
        if (status == 200) {
            try {
                return codec.decodeInferResponse(body);
            } catch (MalformedRequestException e) {
                throw new BackendFailureException("backend " + where + " answered with an unreadable response: "
                        + e.getMessage());
            }
        }
        String message = message(body);
        if (status >= 400 && status < 500) {
            throw new BackendRejectedException(status, message);
        }
        if (status == 503) {
            throw new BackendFailureException(503, "backend " + where + " is not ready: " + message, null);
        }
        throw new BackendFailureException("backend " + where + " failed with status " + status + ": " + message);
    }

    /** The {@code error} of our JSON error body, else the start of the body as text. */
    static String message(byte[] body) {
        if (body == null || body.length == 0) {
            return "(no message)";
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node != null && node.path("error").isTextual()) {
                return abbreviate(node.path("error").asText());
            }
        } catch (IOException | RuntimeException e) {
            // not our JSON: fall through
        }
        return abbreviate(new String(body, 0, Math.min(body.length, MAX_MESSAGE * 4), StandardCharsets.UTF_8));
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() > MAX_MESSAGE ? oneLine.substring(0, MAX_MESSAGE) + "..." : oneLine;
    }
}
