package io.modelfn.lambda.direct;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The fields of an API Gateway HTTP API event (payload format 2.0) that the direct path reads, and only
 * those: Jackson skips the rest (the request context's identity, authorizer, times) without building them.
 *
 * @param version the payload format ({@code 2.0}); REST API (1.0) events have another shape
 * @param rawPath the path as the caller sent it, escapes included
 * @param rawQueryString the query without its {@code ?}; empty or null when none
 * @param headers the headers, names in lower case, repeated ones joined with commas; may be null
 * @param cookies the {@code Cookie} header's cookies, split; may be null
 * @param body the body, base64-encoded when {@code isBase64Encoded}; null when none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record GatewayEvent(String version, String rawPath, String rawQueryString, Map<String, String> headers,
        List<String> cookies, String body, @JsonProperty("isBase64Encoded") boolean isBase64Encoded,
        @JsonProperty("requestContext") RequestContext requestContext) {

    private static final ObjectReader READER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // As the bridge reads events: a field name in any case.
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES).build().readerFor(GatewayEvent.class);

    /** The event's request context, of which only the method is read. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RequestContext(Http http) {
    }

    /** The request context's {@code http} part. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Http(String method) {
    }

    /** The event, or null when it is not a JSON object of this shape (then it is not one for the direct path). */
    static GatewayEvent read(byte[] event) {
        try {
            return READER.readValue(event);
        } catch (IOException notOurs) {
            return null;
        }
    }

    /** The HTTP method, or null when the event names none. */
    String method() {
        return requestContext == null || requestContext.http() == null ? null : requestContext.http().method();
    }

    /** The request target as the bridge builds it: the raw path, and the raw query after a {@code ?} when there is one. */
    String target() {
        return rawQueryString == null || rawQueryString.isEmpty() ? rawPath : rawPath + '?' + rawQueryString;
    }
}
