package io.modelfn.lambda.direct;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-pass reading of an API Gateway event: every field the direct path uses, as a JSON tree reads it. */
class GatewayEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of("..", "..", "samples", "events");
    private static final Path SAM_EVENT = Path.of("..", "..", "..", "shared", "reference", "sam-events", "HttpApi.json");

    static Stream<Path> gatewayEvents() throws IOException {
        List<Path> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            files.filter(f -> f.getFileName().toString().startsWith("apigw-v2-")).sorted().forEach(events::add);
        }
        if (Files.isRegularFile(SAM_EVENT)) {
            events.add(SAM_EVENT);
        }
        return events.stream();
    }

    @ParameterizedTest
    @MethodSource("gatewayEvents")
    void read_should_give_the_fields_a_json_tree_holds_for_every_sample_event(Path file) throws IOException {
        // GIVEN a payload 2.0 event, as API Gateway sends them
        byte[] bytes = Files.readAllBytes(file);
        JsonNode tree = JSON.readTree(bytes);

        // WHEN it is read in one pass
        GatewayEvent event = GatewayEvent.read(bytes);

        // THEN each field is the tree's
        assertThat(event).isNotNull();
        assertThat(event.version()).isEqualTo(text(tree.get("version")));
        assertThat(event.rawPath()).isEqualTo(text(tree.get("rawPath")));
        assertThat(event.rawQueryString()).isEqualTo(text(tree.get("rawQueryString")));
        assertThat(event.body()).isEqualTo(text(tree.get("body")));
        assertThat(event.isBase64Encoded()).isEqualTo(tree.path("isBase64Encoded").asBoolean(false));
        assertThat(event.method()).isEqualTo(text(tree.path("requestContext").path("http").get("method")));
        Map<String, String> headers = new LinkedHashMap<>();
        tree.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        assertThat(event.headers()).isEqualTo(tree.has("headers") ? headers : null);
        List<String> cookies = new ArrayList<>();
        tree.path("cookies").forEach(c -> cookies.add(c.asText()));
        assertThat(event.cookies()).isEqualTo(tree.has("cookies") ? cookies : null);
        assertThat(event.target()).startsWith(event.rawPath());
    }

    @Test
    void read_should_match_field_names_in_any_case_and_skip_what_it_does_not_use() {
        // GIVEN names in other cases, numbers where strings go, and nested fields it does not use
        String json = "{\"VERSION\":\"2.0\",\"rawpath\":\"/v2/models/iris/infer\",\"RawQueryString\":\"a=1\","
                + "\"extra\":{\"deep\":[1,{\"x\":[true]}]},\"Headers\":{\"content-length\":42,\"x-a\":null},"
                + "\"Cookies\":[\"c=1\",\"d=2\"],\"Body\":\"{}\",\"IsBase64Encoded\":false,"
                + "\"RequestContext\":{\"authorizer\":{\"jwt\":{\"claims\":{}}},\"HTTP\":{\"sourceIp\":\"1.2.3.4\",\"Method\":\"POST\"}}}";

        // WHEN it is read
        GatewayEvent event = GatewayEvent.read(json.getBytes(StandardCharsets.UTF_8));

        // THEN every field is found, numbers as their text
        assertThat(event).isNotNull();
        assertThat(event.version()).isEqualTo("2.0");
        assertThat(event.target()).isEqualTo("/v2/models/iris/infer?a=1");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-length", "42");
        headers.put("x-a", null);
        assertThat(event.headers()).isEqualTo(headers);
        assertThat(event.cookies()).containsExactly("c=1", "d=2");
        assertThat(event.body()).isEqualTo("{}");
        assertThat(event.method()).isEqualTo("POST");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[]",
        "\"2.0\"",
        "{\"version\":\"2.0\",\"rawPath\":{\"a\":1}}",
        "{\"version\":\"2.0\",\"headers\":[\"a\"]}",
        "{\"version\":\"2.0\",\"headers\":{\"a\":{\"b\":1}}}",
        "{\"version\":\"2.0\",\"cookies\":\"a=1\"}",
        "{\"version\":\"2.0\",\"cookies\":[{\"a\":1}]}",
        "{\"version\":\"2.0\",\"isBase64Encoded\":\"maybe\"}",
        "{\"version\":\"2.0\",\"requestContext\":\"POST\"}",
        "{\"version\":\"2.0\",\"requestContext\":{\"http\":[\"POST\"]}}",
        "{\"version\":\"2.0\",\"requestContext\":{\"http\":{\"method\":[\"POST\"]}}}",
        "{\"version\":\"2.0\",\"body\":\"{}\"",
        "{\"version\":\"2.0\",\"extra\":[1,2}"
    })
    void read_should_give_null_when_a_field_of_its_own_has_another_shape_or_the_json_is_broken(String json) {
        // GIVEN an event whose fields the direct path reads have another shape, or that is not JSON
        // WHEN it is read
        GatewayEvent event = GatewayEvent.read(json.getBytes(StandardCharsets.UTF_8));

        // THEN it is not one for the direct path (the bridge answers it)
        assertThat(event).isNull();
    }

    @Test
    void read_should_give_nulls_and_false_for_fields_absent_or_null() {
        // GIVEN an object with nulls and without most fields
        String json = "{\"version\":null,\"headers\":null,\"cookies\":null,\"isBase64Encoded\":null,\"requestContext\":{\"http\":null}}";

        // WHEN it is read
        GatewayEvent event = GatewayEvent.read(json.getBytes(StandardCharsets.UTF_8));

        // THEN every field is empty
        assertThat(event).isEqualTo(new GatewayEvent(null, null, null, null, null, null, false, null));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
