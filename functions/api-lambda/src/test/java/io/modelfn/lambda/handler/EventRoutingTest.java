package io.modelfn.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.shadow.ShadowCopy;
import io.modelfn.core.shadow.ShadowEventJson;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.FakeEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The handler's routing: shadow events to the comparison, API Gateway's events unchanged to HTTP. */
class EventRoutingTest {

    private final List<byte[]> compared = new ArrayList<>();
    private final List<byte[]> toHttp = new ArrayList<>();
    private final EventRouting routing = new EventRouting(event -> {
        compared.add(event);
        return "AGREED";
    }, (event, response, context) -> {
        toHttp.add(event.readAllBytes());
        response.write("{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8));
    });

    @ParameterizedTest
    @ValueSource(strings = {"apigw-v2-oip-infer-iris-1.0.0.json", "apigw-v2-oip-infer-wide-mlp-1.0.0.json",
            "apigw-v2-health-ready.json", "apigw-v2-oip-malformed.json"})
    void route_should_hand_an_api_gateway_event_to_http_byte_for_byte(String sample) throws IOException {
        // GIVEN a real API Gateway HTTP API event
        byte[] event = Files.readAllBytes(events().resolve(sample));

        // WHEN it is routed
        String response = route(event);

        // THEN HTTP got exactly its bytes and answered; nothing was compared
        assertThat(toHttp).singleElement().isEqualTo(event);
        assertThat(compared).isEmpty();
        assertThat(response).isEqualTo("{\"statusCode\":200}");
    }

    @Test
    void route_should_hand_a_shadow_event_whole_to_the_comparison() throws IOException {
        // GIVEN a shadow event far larger than the bytes the routing peeks at
        float[] values = new float[4 * 1000];
        ShadowCopy copy = new ShadowCopy("iris", version(), Map.of("input",
                Tensor.ofFloats("input", new long[] {1000, 4}, values)), Map.of(), null, "req-1", 3);
        byte[] event = ShadowEventJson.encode(copy);
        assertThat(event.length).isGreaterThan(10 * EventRouting.PEEK_BYTES);

        // WHEN it is routed
        String response = route(event);

        // THEN the comparison got all of it, HTTP nothing, and the answer says what became of it
        assertThat(compared).singleElement().isEqualTo(event);
        assertThat(toHttp).isEmpty();
        assertThat(response).isEqualTo("{\"shadowOutcome\":\"AGREED\"}");
    }

    @Test
    void route_should_hand_a_shadow_event_sent_through_api_gateway_to_http() throws IOException {
        // GIVEN a caller who posts a shadow event to the API: API Gateway wraps it as the body of its own event
        String body = new String(ShadowEventJson.encode(new ShadowCopy("iris", version(), Map.of(), Map.of(), null,
                "x", 1)), StandardCharsets.UTF_8);
        String sample = Files.readString(events().resolve("apigw-v2-predict-iris.json"));
        String forged = sample.replaceFirst("\"body\"\\s*:\\s*\"(\\\\.|[^\"\\\\])*\"",
                java.util.regex.Matcher.quoteReplacement("\"body\": \"" + body.replace("\"", "\\\"") + "\""));
        assertThat(forged).contains("modelfnShadow");

        // WHEN it is routed
        route(forged.getBytes(StandardCharsets.UTF_8));

        // THEN it is an HTTP request like any other: no comparison runs
        assertThat(toHttp).hasSize(1);
        assertThat(compared).isEmpty();
    }

    private String route(byte[] event) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        routing.route(new ByteArrayInputStream(event), response, null);
        return response.toString(StandardCharsets.UTF_8);
    }

    private static Path events() {
        return Path.of(System.getProperty("sample.events.dir", "../../samples/events"));
    }

    private static ModelVersion version() {
        return new ModelVersion(ModelKey.parse("iris/2.0.0"), ArtifactLocation.of("mem:x"), "0".repeat(64), 1,
                FakeEngine.SIGNATURE, LifecycleState.VALIDATED, null, List.of(), List.of(), Instant.EPOCH);
    }
}
