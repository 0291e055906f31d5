package io.modelfn.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one JSON configuration of our protocols: strict (duplicate keys refused, no NaN literals),
 * bounded (nesting depth, number and string lengths), and never echoing request text in errors.
 */
public final class Json {

    /** Deepest nesting a request may use; nested tensor data needs at most its rank plus two. */
    public static final int MAX_NESTING_DEPTH = 40;

    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // Tensor data is mostly decimal numbers: the JDK's parser took a third of the CPU of a
            // warm request (its big-integer path); FastDoubleParser gives the same correctly rounded
            // values. Measured in docs/PERFORMANCE.md ("Fixes").
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(64)
                    .maxStringLength(1 << 20)
                    .build())
            .build();

    public static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    /** The message for a body whose bytes are not text in any encoding JSON allows. */
    public static final String NOT_TEXT = "invalid JSON: the body is not text in a JSON encoding; send UTF-8";

    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("'[^']*'|\"[^\"]*\"");

    private Json() {
    }

    /** A parser error as a client-facing message: what and where, never the text itself. */
    public static String describe(com.fasterxml.jackson.core.JsonProcessingException e) {
        var location = e.getLocation();
        String message = e.getOriginalMessage();
        if (message != null) {
            // Jackson quotes the offending text ("Unrecognized token 'abc'"): keep the kind of error, not
            // the text. Field names of duplicate keys stay: they say which key to fix.
            if (!message.startsWith("Duplicate field")) {
                message = QUOTED.matcher(message).replaceAll("'…'");
            }
            message = message.length() > 200 ? message.substring(0, 200) + "..." : message;
        }
        return location == null ? "invalid JSON: " + message
                : "invalid JSON at line " + location.getLineNr() + ", column " + location.getColumnNr() + ": " + message;
    }

    static boolean isNumber(JsonParser p) {
        return p.currentToken() != null && p.currentToken().isNumeric();
    }
}
