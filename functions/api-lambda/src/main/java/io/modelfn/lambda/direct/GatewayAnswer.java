package io.modelfn.lambda.direct;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * API Gateway's response event (payload format 2.0) as Quarkus's HTTP bridge writes it: the status, one
 * value per header name, no multi-value headers or cookies, and the body as text, or base64-encoded and
 * flagged so when its content type is not text (JSON is text).
 */
final class GatewayAnswer {

    private static final JsonFactory JSON = new JsonFactory();

    private GatewayAnswer() {
    }

    /** The response event of {@code status}, {@code headers} (in the order set) and {@code body}. */
    static byte[] of(int status, Map<String, String> headers, byte[] body) {
        boolean text = isText(headers.get("Content-Type"));
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * (text ? 1 : 2) + 512);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeNumberField("statusCode", status);
            json.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> header : headers.entrySet()) {
                json.writeStringField(header.getKey(), header.getValue());
            }
            json.writeEndObject();
            json.writeNullField("multiValueHeaders");
            json.writeNullField("cookies");
            if (body.length == 0) {
                json.writeNullField("body");
            } else {
                json.writeStringField("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            }
            json.writeBooleanField("isBase64Encoded", body.length > 0 && !text);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: never
        }
        return out.toByteArray();
    }

    /** The bridge's rule: no content type, or one naming text, JSON, XML or YAML, is sent as text. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("text") || type.contains("json") || type.contains("xml") || type.contains("openxmlformats")
                || type.contains("yaml");
    }
}
