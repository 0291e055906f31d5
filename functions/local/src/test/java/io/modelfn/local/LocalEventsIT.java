package io.modelfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /local/events} hands alarm and schedule events to the rollout handler only for the
 * holder of the admin token: the same bearer-token check as the admin API.
 */
@QuarkusTest
@TestProfile(LocalRunnerTestProfile.class)
class LocalEventsIT {

    @TestHTTPResource("/")
    URI base;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> post(byte[] body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/local/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void events_should_be_refused_with_a_json_401_without_the_admin_token_and_handled_with_it() throws Exception {
        // GIVEN the schedule event of samples/events/
        byte[] schedule = Files.readAllBytes(LocalRunnerTestProfile.repositoryRoot()
                .resolve(Path.of("samples", "events", "eventbridge-scheduled-rollout-step.json")));

        // WHEN it is posted without a token, with a wrong one, and with the admin token
        HttpResponse<String> none = post(schedule, null);
        HttpResponse<String> wrong = post(schedule, "Bearer not-the-token");
        HttpResponse<String> right = post(schedule, "Bearer " + LocalRunnerTestProfile.TOKEN);

        // THEN only the token holder's event is handled; the others get the API's JSON error
        for (HttpResponse<String> refused : java.util.List.of(none, wrong)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            assertThat(refused.body()).startsWith("{\"error\":\"local events need the admin bearer token");
        }
        assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
    }
}
