package io.modelfn.lambda.direct;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the direct path makes of an event before any call: which events it leaves to the bridge, and a bad body. */
class DirectInferEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DirectInfer direct = new DirectInfer();

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[]",
        "{}",
        "{\"version\":\"2.0\",\"rawPath\":\"/v2/models/iris/infer\"}",
        "{\"version\":\"2.0\",\"rawPath\":\"/v2/models/iris/infer\",\"requestContext\":{}}",
        "{\"version\":\"2.0\",\"rawPath\":\"/v2/models/iris/infer\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}}",
        "{\"version\":\"1.0\",\"path\":\"/v2/models/iris/infer\",\"httpMethod\":\"POST\",\"requestContext\":{\"http\":{\"method\":\"POST\"}}}",
        "{\"version\":\"2.0\",\"requestContext\":{\"http\":{\"method\":\"POST\"}}}",
        "{\"version\":\"2.0\",\"rawPath\":\"/v2/models/iris/ready\",\"requestContext\":{\"http\":{\"method\":\"POST\"}}}",
        "{\"version\":\"2.0\",\"rawPath\":\"/v2/models/iris/infer\",\"requestContext\":{\"http\":{\"method\":\"POST\"}},"
                + "\"headers\":{\"accept\":\"text/plain\"},\"body\":\"{}\"}",
        "{\"version\":\"2.0\",\"rawPath\":\"/v2/models/iris/infer\",\"requestContext\":{\"http\":{\"method\":\"POST\"}},"
                + "\"headers\":{\"x-note\":\"caf\\u00e9\"},\"body\":\"{}\"}"
    })
    void answer_should_leave_to_the_bridge_when_event_is_not_a_plain_infer_request(String event) {
        // GIVEN an event that is not a payload 2.0 POST to an infer path with plain headers and an acceptable Accept
        // WHEN the direct path reads it
        byte[] answer = direct.answer(event.getBytes(StandardCharsets.UTF_8));

        // THEN it is the bridge's
        assertThat(answer).isNull();
    }

    @Test
    void answer_should_refuse_a_body_flagged_base64_that_does_not_decode_with_a_json_400() throws IOException {
        // GIVEN an infer event whose body is flagged base64 but is not
        String event = "{\"version\":\"2.0\",\"rawPath\":\"/v2/models/iris/infer\",\"requestContext\":{\"http\":{\"method\":\"POST\"}},"
                + "\"headers\":{\"x-request-id\":\"r-1\"},\"body\":\"%%% not base64\",\"isBase64Encoded\":true}";

        // WHEN the direct path answers it
        JsonNode answer = JSON.readTree(direct.answer(event.getBytes(StandardCharsets.UTF_8)));

        // THEN a 400 with a JSON error naming the problem, the request id echoed
        assertThat(answer.path("statusCode").asInt()).isEqualTo(400);
        assertThat(answer.path("headers").path("Content-Type").asText()).isEqualTo("application/json");
        assertThat(answer.path("headers").path("X-Request-Id").asText()).isEqualTo("r-1");
        assertThat(answer.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(JSON.readTree(answer.path("body").asText()).path("error").asText()).contains("base64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/models/iris/infer", "/v2/models/iris/versions/1.1.0/infer", "/v2/models/wide-mlp/versions/production/infer"})
    void infer_target_should_read_a_plain_infer_path(String path) {
        InferTarget target = InferTarget.of(path);

        assertThat(target).isNotNull();
        assertThat(path).contains("/" + target.name() + "/");
        if (path.contains("/versions/")) {
            assertThat(path).contains("/versions/" + target.version() + "/");
        } else {
            assertThat(target.version()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/models/ir%69s/infer", "/v2/models//infer", "/v2/models/../infer", "/v2/models/iris/infer/",
        "/prod/v2/models/iris/infer", "/v2/models/iris/versions//infer", "/v2/models/a b/infer", "/v2/models/iris/versions/1/2/infer"})
    void infer_target_should_leave_other_paths_to_the_bridge(String path) {
        assertThat(InferTarget.of(path)).isNull();
    }

    @Test
    void bridged_headers_should_be_what_the_bridge_hands_the_application() {
        // GIVEN an event with a comma-joined header, cookies, no Host and a body
        GatewayEvent event = GatewayEvent.read(("{\"version\":\"2.0\",\"headers\":{\"accept\":\"text/plain, application/json\","
                + "\"access-control-request-headers\":\"a,b\"},\"cookies\":[\"a=1\",\"b=2\"],\"body\":\"{}\"}")
                .getBytes(StandardCharsets.UTF_8));

        // WHEN its headers are read as the bridge passes them on
        BridgedHeaders headers = BridgedHeaders.of(event);

        // THEN values split at commas (the first answers), cookies joined, Host and chunked transfer added
        assertThat(headers.first("Accept")).isEqualTo("text/plain");
        assertThat(headers.first("ACCESS-CONTROL-REQUEST-HEADERS")).isEqualTo("a,b");
        assertThat(headers.first("cookie")).isEqualTo("a=1;b=2");
        assertThat(headers.first("host")).isEqualTo("localhost");
        assertThat(headers.first("Transfer-Encoding")).isEqualTo("chunked");
        long expected = ("accept".length() + "text/plain".length() + 4) + ("accept".length() + " application/json".length() + 4)
                + ("access-control-request-headers".length() + 3 + 4) + ("Cookie".length() + 7 + 4)
                + ("Host".length() + "localhost".length() + 4) + ("transfer-encoding".length() + "chunked".length() + 4);
        assertThat(headers.size()).isEqualTo(expected);
        assertThat(headers.plain()).isTrue();
    }
}
