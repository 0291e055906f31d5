package io.modelfn.aws.lean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.aws.clients.ClientUse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secrets Manager's GetSecretValue as its API reference gives it (a JSON 1.1 POST named by {@code X-Amz-Target}),
 * and the lean transport's retries and timeouts, against a stub server.
 */
class LeanSecretsManagerClientTest {

    private StubServer server;
    private SecretsManagerClient client;

    @BeforeEach
    void start() throws Exception {
        server = new StubServer();
        client = client(Duration.ofSeconds(3));
    }

    private SecretsManagerClient client(Duration timeout) {
        return LeanClients.from(Optional.of("eu-west-1"), Map.of("AWS_ACCESS_KEY_ID", "AKID",
                        "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token"))
                .orElseThrow()
                .secretsManager(ClientUse.SECRET_READ, timeout, Optional.of(server.endpoint().toString()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void getSecretValue_should_send_the_json_protocol_request_and_read_the_answer() {
        server.answer(StubServer.Canned.json(200, "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:1:secret:keys\","
                + "\"Name\":\"keys\",\"SecretString\":\"{\\\"k1\\\":\\\"v\\\"}\",\"VersionId\":\"v1\","
                + "\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.796571810991E9}"));

        var answer = client.getSecretValue(r -> r.secretId("keys"));

        assertThat(answer.secretString()).isEqualTo("{\"k1\":\"v\"}");
        assertThat(answer.versionStages()).containsExactly("AWSCURRENT");
        assertThat(answer.createdDate()).isEqualTo(Instant.ofEpochMilli(1_796_571_810_991L));
        StubServer.Received request = server.received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isEqualTo("{\"SecretId\":\"keys\"}");
        assertThat(request.header("X-Amz-Target")).isEqualTo("secretsmanager.GetSecretValue");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(request.header("X-Amz-Security-Token")).isEqualTo("token");
        assertThat(request.header("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKID/")
                .contains("/eu-west-1/secretsmanager/aws4_request");
    }

    @Test
    void secretString_should_send_the_same_request_without_the_sdks_classes() {
        server.answer(StubServer.Canned.json(200, "{\"Name\":\"keys\",\"SecretString\":\"{\\\"k1\\\":\\\"v\\\"}\"}"),
                StubServer.Canned.json(400, "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"no such secret\"}"));

        assertThat(((LeanSecretsManagerClient) client).secretString("keys")).isEqualTo("{\"k1\":\"v\"}");
        assertThat(server.received.get(0).body()).isEqualTo("{\"SecretId\":\"keys\"}");
        assertThat(server.received.get(0).header("X-Amz-Target")).isEqualTo("secretsmanager.GetSecretValue");
        assertThatThrownBy(() -> ((LeanSecretsManagerClient) client).secretString("absent"))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void an_error_answer_should_be_thrown_as_the_sdks_exception_without_retrying() {
        server.answer(StubServer.Canned.json(400, "{\"__type\":\"ResourceNotFoundException\","
                + "\"Message\":\"Secrets Manager can't find the specified secret.\"}"));

        assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId("absent")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("can't find");
                });
        assertThat(server.received).hasSize(1);
    }

    @Test
    void a_server_error_and_a_throttle_should_be_retried_until_an_answer() {
        server.answer(StubServer.Canned.json(503, "{\"__type\":\"ServiceUnavailable\"}"),
                StubServer.Canned.json(400, "{\"__type\":\"com.amazonaws.secretsmanager#ThrottlingException\"}"),
                StubServer.Canned.json(200, "{\"Name\":\"keys\",\"SecretString\":\"s\"}"));

        assertThat(client.getSecretValue(r -> r.secretId("keys")).secretString()).isEqualTo("s");
        assertThat(server.received).hasSize(3);
    }

    @Test
    void the_last_error_should_be_thrown_once_the_three_attempts_are_spent() {
        server.answer(StubServer.Canned.json(500, "{\"__type\":\"InternalServiceError\",\"message\":\"one\"}"),
                StubServer.Canned.json(500, "{\"__type\":\"InternalServiceError\",\"message\":\"two\"}"),
                StubServer.Canned.json(500, "{\"__type\":\"InternalServiceError\",\"message\":\"three\"}"),
                StubServer.Canned.json(200, "{\"SecretString\":\"too late\"}"));

        assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId("keys")))
                .hasMessageContaining("three");
        assertThat(server.received).hasSize(3);
    }

    @Test
    void a_server_that_does_not_answer_should_fail_the_call_within_its_timeouts() {
        // GIVEN a 400 ms timeout (1.2 s for the call) and a server that takes 2 s every time
        server.answer(new StubServer.Canned(200, Map.of(), "{}", 2_000), new StubServer.Canned(200, Map.of(), "{}", 2_000),
                new StubServer.Canned(200, Map.of(), "{}", 2_000));

        SecretsManagerClient impatient = client(Duration.ofMillis(400));

        // WHEN the secret is read / THEN the call fails as a client error, well before the server would answer
        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.getSecretValue(r -> r.secretId("keys")))
                .isInstanceOf(SdkClientException.class)
                .hasMessageContaining("secretsmanager");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_900));
    }

    @Test
    void a_request_with_an_override_configuration_should_be_refused_not_sent_without_it() {
        assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId("keys")
                        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMillis(5)))))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(server.received).isEmpty();
    }

    @Test
    void a_request_naming_only_its_caller_should_be_sent_as_the_sdks_paginators_name_theirs() {
        server.answer(StubServer.Canned.json(200, "{\"SecretString\":\"s\"}"));

        var answer = client.getSecretValue(r -> r.secretId("keys")
                .overrideConfiguration(o -> o.addApiName(n -> n.name("PAGINATED").version("2.40.2"))));

        assertThat(answer.secretString()).isEqualTo("s");
    }
}
