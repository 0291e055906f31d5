package io.modelfn.aws.lean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the lean clients' credentials come from, and when there are none (then the SDK's clients are used). */
class CredentialSourceTest {

    @Test
    void the_environments_keys_should_come_first() {
        CredentialSource source = CredentialSource.from(Map.of("AWS_ACCESS_KEY_ID", "AKID",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/never-called")).orElseThrow();

        assertThat(source.current()).isEqualTo(new Credentials("AKID", "secret", "token", null));
    }

    @Test
    void the_container_endpoint_should_serve_credentials_with_its_token_and_serve_them_again_near_expiry(
            @TempDir Path dir) throws Exception {
        try (StubServer server = new StubServer()) {
            // GIVEN Lambda's container endpoint (as under SnapStart), its token in a file, serving an hour's keys
            Instant now = Instant.parse("2026-12-06T16:00:00Z");
            server.answer(StubServer.Canned.json(200, credentialsJson("ASIA1", now.plusSeconds(3_600))),
                    StubServer.Canned.json(200, credentialsJson("ASIA2", now.plusSeconds(7_200))));
            Path tokenFile = Files.writeString(dir.resolve("token"), "the-token\n");
            MutableClock clock = new MutableClock(now);
            ContainerCredentials source = new ContainerCredentials(
                    java.net.URI.create(server.endpoint() + "/2021-04-23/credentials"), null, tokenFile, clock);

            // WHEN credentials are asked for twice, then again 54 and 56 minutes on
            Credentials first = source.current();
            Credentials again = source.current();
            clock.set(now.plusSeconds(54 * 60));
            Credentials stillHeld = source.current();
            clock.set(now.plusSeconds(56 * 60));
            Credentials later = source.current();

            // THEN the endpoint was called with the token; the keys were kept until 5 minutes before they expire
            assertThat(first.accessKeyId()).isEqualTo("ASIA1");
            assertThat(first.sessionToken()).isEqualTo("tok-ASIA1");
            assertThat(again).isSameAs(first);
            assertThat(stillHeld).isSameAs(first);
            assertThat(later.accessKeyId()).isEqualTo("ASIA2");
            assertThat(server.received).hasSize(2);
            assertThat(server.received.get(0).header("Authorization")).isEqualTo("the-token");
            assertThat(server.received.get(0).path()).isEqualTo("/2021-04-23/credentials");
        }
    }

    @Test
    void renew_should_drop_the_credentials_held() throws Exception {
        try (StubServer server = new StubServer()) {
            Instant expiry = Instant.now().plusSeconds(3_600);
            server.answer(StubServer.Canned.json(200, credentialsJson("ASIA1", expiry)),
                    StubServer.Canned.json(200, credentialsJson("ASIA2", expiry)));
            ContainerCredentials source = ContainerCredentials.from(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    server.endpoint() + "/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "t")).orElseThrow();

            assertThat(source.current().accessKeyId()).isEqualTo("ASIA1");
            source.renew();
            assertThat(source.current().accessKeyId()).isEqualTo("ASIA2");
        }
    }

    @Test
    void a_plain_http_endpoint_off_this_machine_should_be_refused() {
        assertThatThrownBy(() -> ContainerCredentials.from(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://203.0.113.7/creds")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("203.0.113.7");
    }

    @Test
    void lean_clients_should_be_offered_only_with_a_region_credentials_and_plain_endpoints() {
        Map<String, String> keys = Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret");

        assertThat(LeanClients.from(Optional.of("eu-west-1"), keys)).isPresent();
        assertThat(LeanClients.from(Optional.empty(), Map.of("AWS_REGION", "cn-north-1", "AWS_ACCESS_KEY_ID", "A",
                "AWS_SECRET_ACCESS_KEY", "s"))).isPresent();
        assertThat(LeanClients.from(Optional.empty(), keys)).as("no region").isEmpty();
        assertThat(LeanClients.from(Optional.of("eu-west-1"), Map.of())).as("no credentials here").isEmpty();
        assertThat(LeanClients.from(Optional.of("eu-west-1"), Map.of("AWS_ACCESS_KEY_ID", "AKID",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_USE_FIPS_ENDPOINT", "true"))).as("FIPS").isEmpty();
        assertThat(LeanClients.from(Optional.of("eu-west-1"), Map.of("AWS_ACCESS_KEY_ID", "AKID",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_USE_DUALSTACK_ENDPOINT", "TRUE"))).as("dual-stack").isEmpty();
        assertThat(ServiceEndpoint.of("dynamodb", "cn-north-1", Optional.empty()))
                .hasToString("https://dynamodb.cn-north-1.amazonaws.com.cn");
        assertThat(ServiceEndpoint.of("s3", "us-gov-west-1", Optional.empty()))
                .hasToString("https://s3.us-gov-west-1.amazonaws.com");
    }

    private static String credentialsJson(String keyId, Instant expiration) {
        return "{\"AccessKeyId\":\"" + keyId + "\",\"SecretAccessKey\":\"s-" + keyId + "\",\"Token\":\"tok-" + keyId
                + "\",\"Expiration\":\"" + expiration + "\"}";
    }
}
