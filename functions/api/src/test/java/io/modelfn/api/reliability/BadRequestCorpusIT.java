package io.modelfn.api.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.TensorJson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every request of the committed bad-request corpus ({@code samples/bad-requests/corpus.jsonl}:
 * truncated JSON, wrong types, shape and data mismatches, huge, negative and overflowing dimensions,
 * NaN and Infinity, deep nesting, oversized bodies, wrong content types, unknown fields, unicode in
 * names, odd encodings, across OIP, Funqy predict and SageMaker invocations) gets exactly its
 * expected 4xx with a JSON {@code {"error": "..."}} body, never a 5xx; and after each one a valid
 * request of the same protocol still answers, with the same outputs as before the corpus ran.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class BadRequestCorpusIT {

    private static final String VALID_OIP =
            "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}]}";
    private static final String VALID_PREDICT =
            "{\"endpoint\":\"iris\",\"version\":\"1.1.0\",\"inputs\":{\"input\":[[5.1,3.5,1.4,0.2]]}}";
    private static final String VALID_SAGEMAKER = "{\"instances\":[[5.1,3.5,1.4,0.2]]}";

    @TestHTTPResource("/")
    URI base;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void every_corpus_case_should_get_its_4xx_json_error_and_leave_the_server_answering() throws Exception {
        // GIVEN the corpus, and what valid requests of each protocol answer before it runs
        List<BadRequestCorpus.Case> corpus = BadRequestCorpus.load();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        assertThat(corpus.stream().map(BadRequestCorpus.Case::protocol).distinct())
                .contains("oip", "predict", "sagemaker");
        Map<String, JsonNode> baseline = new TreeMap<>();
        for (String protocol : List.of("oip", "predict", "sagemaker")) {
            baseline.put(protocol, answerOf(protocol));
        }

        // WHEN every case is sent, each followed by a valid request of its protocol
        List<String> problems = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long start = System.nanoTime();
        for (BadRequestCorpus.Case c : corpus) {
            HttpResponse<String> response;
            try {
                response = client.send(c.request(base), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                problems.add(c + ": no answer (" + e + ")");
                continue;
            }
            statuses.merge(response.statusCode(), 1, Integer::sum);
            String problem = problem(c, response);
            if (problem != null) {
                problems.add(problem);
            }
            String protocol = baseline.containsKey(c.protocol()) ? c.protocol() : "oip";
            JsonNode after = answerOf(protocol);
            if (!after.equals(baseline.get(protocol))) {
                problems.add(c + ": the valid " + protocol + " request answered differently afterwards: " + after);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("bad-request corpus: %d cases (each followed by a valid request) in %d ms; statuses %s%n",
                corpus.size(), millis, statuses);

        // THEN no case got anything but its expected 4xx and a JSON error, and the server kept answering
        assertThat(problems).as("cases that did not get their 4xx JSON error").isEmpty();
        assertThat(statuses.keySet()).allSatisfy(status -> assertThat(status).isBetween(400, 499));
    }

    private static String problem(BadRequestCorpus.Case c, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body();
        String shown = body.length() > 200 ? body.substring(0, 200) + "..." : body;
        if (status != c.expectStatus()) {
            return c + ": expected " + c.expectStatus() + ", got " + status + " " + shown;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (!contentType.startsWith("application/json")) {
            return c + ": content type '" + contentType + "' for " + shown;
        }
        JsonNode json;
        try {
            json = TensorJson.parse(body);
        } catch (RuntimeException e) {
            return c + ": the error body is not JSON: " + shown;
        }
        if (!json.isObject() || !json.path("error").isTextual() || json.path("error").asText().isBlank()) {
            return c + ": the error body is not {\"error\": \"...\"}: " + shown;
        }
        return null;
    }

    /** A valid request of the protocol, pinned to iris 1.1.0: its outputs (which must never change). */
    private JsonNode answerOf(String protocol) throws Exception {
        HttpRequest.Builder request = switch (protocol) {
            case "oip" -> HttpRequest.newBuilder(base.resolve("/v2/models/iris/versions/1.1.0/infer"))
                    .POST(HttpRequest.BodyPublishers.ofString(VALID_OIP));
            case "predict" -> HttpRequest.newBuilder(base.resolve("/predict"))
                    .POST(HttpRequest.BodyPublishers.ofString(VALID_PREDICT));
            default -> HttpRequest.newBuilder(base.resolve("/invocations")).header("X-ModelFn-Version", "1.1.0")
                    .POST(HttpRequest.BodyPublishers.ofString(VALID_SAGEMAKER));
        };
        HttpResponse<String> response = client.send(request.header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("valid %s request: %s", protocol, response.body()).isEqualTo(200);
        JsonNode answer = TensorJson.parse(response.body());
        return switch (protocol) {
            case "oip" -> answer.get("outputs");
            case "predict" -> answer.get("outputs");
            default -> answer.get("predictions");
        };
    }
}
