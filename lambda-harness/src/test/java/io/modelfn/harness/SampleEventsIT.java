package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every API Gateway sample event, sent to the built function.zip running as Lambda runs it (its own JVM
 * under the runtime interface client, configured from the synthesized template, registry on DynamoDB Local,
 * models on S3Proxy), answers as the HTTP API would expect.
 */
class SampleEventsIT {

    private static LambdaHarness harness;

    @BeforeAll
    static void start() {
        harness = LambdaHarness.shared();
    }

    static List<String> events() {
        return SampleEvents.apiGatewayEvents();
    }

    static ApiGatewayResponse send(String event) throws Exception {
        // One warm environment for all: an event sent before it is back in /next would start another.
        assertThat(harness.pool().awaitAllIdle(Duration.ofSeconds(60))).isTrue();
        Invocation invocation = harness.pool().invoke(SampleEvents.read(event)).get(120, TimeUnit.SECONDS);
        assertThat(invocation.outcome()).as("%s: %s", event, invocation.payloadText()).isEqualTo(Invocation.Outcome.RESPONSE);
        return ApiGatewayResponse.of(invocation);
    }

    @Test
    void function_should_be_configured_from_the_synthesized_template() {
        FunctionConfiguration function = harness.function();

        assertThat(function.handler()).isEqualTo("io.modelfn.lambda.handler.ModelfnLambdaHandler::handleRequest");
        assertThat(function.runtime()).startsWith("java");
        assertThat(function.layers()).isEqualTo(1);
        assertThat(function.environment())
                .containsEntry("MODELFN_STORE_TYPE", "s3")
                .containsEntry("OPT_OUT_TRACKING", "true")
                .containsEntry("MODELFN_CACHE_PRELOAD_ROUTED", "true")
                .containsKeys("MODELFN_REGISTRY_TABLE", "MODELFN_STORE_BUCKET", "MODELFN_FEEDBACK_TOKEN_KEYS_SECRET");
    }

    @ParameterizedTest
    @MethodSource("events")
    void sample_event_should_answer_as_the_api_expects(String event) throws Exception {
        // GIVEN a sample event of samples/events/
        // WHEN the function receives it from the Runtime API
        ApiGatewayResponse response = send(event);

        // THEN the answer is the one the event asks for
        if (event.contains("oip-infer-binary-")) {
            // Triton's binary framing, base64 both ways: the JSON part, then the outputs' bytes
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.header("Content-Type")).isEqualTo("application/octet-stream");
            int headerLength = Integer.parseInt(response.header("Inference-Header-Content-Length"));
            JsonNode body = new ObjectMapper().readTree(response.body().substring(0, headerLength));
            assertThat(event).contains(body.path("model_name").asText() + "-" + body.path("model_version").asText());
            assertThat(body.path("outputs").size()).isPositive();
            body.path("outputs").forEach(output -> assertThat(output.path("parameters").path("binary_data_size").asInt())
                    .isPositive());
        } else if (event.contains("oip-infer-")) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String[] parts = event.replace("apigw-v2-", "").replace("sam-http-api-", "").replace("oip-infer-", "")
                    .replace(".json", "").split("-(?=\\d)");
            JsonNode body = response.json();
            assertThat(body.path("model_name").asText()).isEqualTo(parts[0]);
            assertThat(body.path("model_version").asText()).isEqualTo(parts[1]);
            assertThat(body.path("outputs").size()).isPositive();
        } else if (event.contains("predict-iris")) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.json().path("classes").get(0).asText()).isEqualTo("setosa");
        } else if (event.contains("sagemaker-invocations-iris")) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("0\n2\n");
        } else if (event.contains("unknown-model")) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(response.json().path("error").asText()).contains("no-such-model");
        } else if (event.contains("malformed")) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.json().path("error").asText()).startsWith("invalid JSON");
        } else if (event.contains("health-ready")) {
            assertThat(response.statusCode()).isEqualTo(200);
        } else if (event.contains("admin-")) {
            // the prediction function has no admin API, even for an IAM-authorised caller
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(response.header("Content-Type")).startsWith("application/json");
        } else {
            throw new AssertionError("no expectation for the sample event " + event + ": add one here");
        }
    }
}
