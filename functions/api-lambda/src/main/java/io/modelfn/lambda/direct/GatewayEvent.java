package io.modelfn.lambda.direct;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of an API Gateway HTTP API event (payload format 2.0) that the direct path reads, and only
 * those, read in one pass of a streaming parser: the rest (the request context's identity, authorizer, times)
 * is skipped without being built. Field names match in any case, as the bridge reads events. A field of ours
 * whose value has another shape than the one below (an object where a string goes, a header that is not a
 * scalar, a non-boolean flag) makes the event not one for the direct path: {@link #read} gives null and the
 * bridge answers it.
 *
 * @param version the payload format ({@code 2.0}); REST API (1.0) events have another shape
 * @param rawPath the path as the caller sent it, escapes included
 * @param rawQueryString the query without its {@code ?}; empty or null when none
 * @param headers the headers, names in lower case, repeated ones joined with commas; may be null
 * @param cookies the {@code Cookie} header's cookies, split; may be null
 * @param body the body, base64-encoded when {@code isBase64Encoded}; null when none
 * @param method the request context's HTTP method; null when the event names none
 */
record GatewayEvent(String version, String rawPath, String rawQueryString, Map<String, String> headers,
        List<String> cookies, String body, boolean isBase64Encoded, String method) {

    private static final JsonFactory JSON = new JsonFactory();

    /** The event, or null when it is not a JSON object of this shape (then it is not one for the direct path). */
    static GatewayEvent read(byte[] event) {
        try (JsonParser parser = JSON.createParser(event)) {
            return parser.nextToken() == JsonToken.START_OBJECT ? event(parser) : null;
        } catch (IOException | NotOurShape notOurs) {
            return null;
        }
    }

    /** The request target as the bridge builds it: the raw path, and the raw query after a {@code ?} when there is one. */
    String target() {
        return rawQueryString == null || rawQueryString.isEmpty() ? rawPath : rawPath + '?' + rawQueryString;
    }

    private static GatewayEvent event(JsonParser parser) throws IOException {
        String version = null;
        String rawPath = null;
        String rawQueryString = null;
        Map<String, String> headers = null;
        List<String> cookies = null;
        String body = null;
        boolean base64 = false;
        String method = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equalsIgnoreCase("version")) {
                version = scalar(parser, value);
            } else if (field.equalsIgnoreCase("rawPath")) {
                rawPath = scalar(parser, value);
            } else if (field.equalsIgnoreCase("rawQueryString")) {
                rawQueryString = scalar(parser, value);
            } else if (field.equalsIgnoreCase("headers")) {
                headers = headers(parser, value);
            } else if (field.equalsIgnoreCase("cookies")) {
                cookies = cookies(parser, value);
            } else if (field.equalsIgnoreCase("body")) {
                body = scalar(parser, value);
            } else if (field.equalsIgnoreCase("isBase64Encoded")) {
                base64 = flag(value);
            } else if (field.equalsIgnoreCase("requestContext")) {
                method = requestContextMethod(parser, value);
            } else {
                parser.skipChildren();
            }
        }
        return new GatewayEvent(version, rawPath, rawQueryString, headers, cookies, body, base64, method);
    }

    /** A string field: a string, or a number or boolean as its text; null for null. */
    private static String scalar(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value == null || !value.isScalarValue()) {
            throw new NotOurShape();
        }
        return parser.getText();
    }

    private static Map<String, String> headers(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new NotOurShape();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            headers.put(name, scalar(parser, parser.nextToken()));
        }
        return headers;
    }

    private static List<String> cookies(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_ARRAY) {
            throw new NotOurShape();
        }
        List<String> cookies = new ArrayList<>();
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
            cookies.add(scalar(parser, item));
        }
        return cookies;
    }

    private static boolean flag(JsonToken value) {
        if (value == null) {
            throw new NotOurShape();
        }
        return switch (value) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw new NotOurShape();
        };
    }

    /** {@code requestContext.http.method}, the rest of the request context skipped. */
    private static String requestContextMethod(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new NotOurShape();
        }
        String method = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken part = parser.nextToken();
            if (!field.equalsIgnoreCase("http")) {
                parser.skipChildren();
            } else if (part == JsonToken.VALUE_NULL) {
                method = null;
            } else if (part != JsonToken.START_OBJECT) {
                throw new NotOurShape();
            } else {
                method = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken item = parser.nextToken();
                    if (name.equalsIgnoreCase("method")) {
                        method = scalar(parser, item);
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }
        return method;
    }

    /** A field of ours with another shape: the event is the bridge's. */
    private static final class NotOurShape extends RuntimeException {
        NotOurShape() {
            super(null, null, false, false);
        }
    }
}
