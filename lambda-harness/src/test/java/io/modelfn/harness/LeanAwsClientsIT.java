package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The function's AWS calls at a cold start, made by the lean clients: with its credentials served by a container
 * endpoint, as Lambda serves them under SnapStart, and no keys in its environment, they fetch them with the
 * endpoint's token and sign with them, and S3Proxy, which checks every signature, serves the model; and none of the
 * SDK's client runtime is loaded on the way (what would cost a second of the cold start). The endpoint serves no session token: S3Proxy answers a request
 * that carries one with 501 (it has no sessions), where S3 checks it; signing with one is {@code LeanSecretsManagerClientTest}'s.
 */
class LeanAwsClientsIT {

    private static final String TOKEN = "container-authorization-token";

    private static HttpServer credentials;
    private static final List<String> authorizations = new CopyOnWriteArrayList<>();
    private static EnvironmentPool pool;
    private static Invocation first;

    @BeforeAll
    static void start() throws Exception {
        credentials = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        credentials.createContext("/2021-04-23/credentials", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            boolean allowed = TOKEN.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (allowed
                    ? "{\"AccessKeyId\":\"" + LocalEngines.ACCESS_KEY + "\",\"SecretAccessKey\":\"" + LocalEngines.SECRET_KEY
                            + "\",\"Expiration\":\"" + Instant.now().plusSeconds(3_600) + "\"}"
                    : "{\"message\":\"bad token\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(allowed ? 200 : 403, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        credentials.start();
        pool = LambdaHarness.shared().newPoolWithContainerCredentials("container-credentials",
                "http://127.0.0.1:" + credentials.getAddress().getPort() + "/2021-04-23/credentials", TOKEN);
        // An iris event cold-starts an environment whose only credentials are the container endpoint's
        first = pool.invoke(SampleEvents.read("apigw-v2-oip-infer-iris-1.1.0.json")).get(180, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
        if (credentials != null) {
            credentials.stop(0);
        }
    }

    @Test
    void an_environment_without_keys_should_sign_with_the_container_endpoints_credentials() {
        // THEN the registry and the model were read (S3Proxy checked the signature) and the answer is a prediction
        ApiGatewayResponse response = ApiGatewayResponse.of(first);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("model_version").asText()).isEqualTo("1.1.0");
        assertThat(response.json().path("outputs").size()).isPositive();
        // and the endpoint was asked with its token, once for the environment's start (the keys last an hour)
        assertThat(authorizations).isNotEmpty().allMatch(TOKEN::equals);
    }

    @Test
    void the_first_answer_should_load_none_of_the_sdks_client_runtime() {
        // GIVEN the environment that answered (registry read, model downloaded, token keys read)
        assertThat(ApiGatewayResponse.of(first).statusCode()).isEqualTo(200);
        ExecutionEnvironment environment = pool.environments().get(0);

        // WHEN its loaded classes are listed
        String classes = environment.jcmd("VM.class_hierarchy");

        // THEN the lean clients are there, and none of the SDK's clients, their handlers or protocol marshallers,
        assertThat(classes).contains("io.modelfn.aws.lean.LeanDynamoDbClient", "io.modelfn.aws.lean.LeanS3Client",
                "io.modelfn.aws.lean.LeanSecretsManagerClient");
        assertThat(classes).doesNotContain("software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient",
                "software.amazon.awssdk.services.s3.DefaultS3Client",
                "software.amazon.awssdk.services.secretsmanager.DefaultSecretsManagerClient",
                "software.amazon.awssdk.core.internal.handler.BaseSyncClientHandler",
                "software.amazon.awssdk.protocols.json.BaseAwsJsonProtocolFactory",
                "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient");
        // nor the request and response builders of the calls a cold start makes (the lean clients' own calls)
        assertThat(classes).doesNotContain("software.amazon.awssdk.services.dynamodb.paginators.QueryIterable",
                "software.amazon.awssdk.services.dynamodb.model.QueryResponse$BuilderImpl",
                "software.amazon.awssdk.services.dynamodb.model.GetItemResponse$BuilderImpl",
                "software.amazon.awssdk.services.s3.model.GetObjectResponse$BuilderImpl",
                "software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse$BuilderImpl");
    }
}
