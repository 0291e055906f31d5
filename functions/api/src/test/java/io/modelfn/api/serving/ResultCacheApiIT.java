package io.modelfn.api.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.testing.CapturedMetrics;
import io.modelfn.api.testing.Eventually;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.TensorJson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An endpoint that keeps answers, switched on through the admin API: a repeated input is answered
 * from the result cache (the same body as the computed answer, a {@code ResultCacheHit} of 1, no
 * inference), another input or an endpoint without the switch is computed.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class ResultCacheApiIT {

    private static final String ADMIN = "Bearer test-admin-token";
    private static final String BODY = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],"
            + "\"data\":[6.1,2.8,4.7,1.2]}]}";

    @Inject
    CapturedMetrics metrics;

    private static Response admin(String function, String body) {
        return given().header("Authorization", ADMIN).contentType("application/json").body(body)
                .post("/admin/" + function);
    }

    private static Response infer(String endpoint, String body) {
        return given().contentType("application/json").body(body).post("/v2/models/" + endpoint + "/infer");
    }

    @Test
    void a_repeated_input_should_be_answered_from_the_result_cache_once_the_endpoint_keeps_answers() {
        // GIVEN an endpoint created with the result cache on
        Response put = admin("endpoints/put", "{\"endpoint\":\"iris-kept\",\"variants\":[{\"name\":\"stable\","
                + "\"model\":\"iris\",\"version\":\"1.1.0\",\"weight\":10000}],\"resultCache\":true}");
        assertThat(put.statusCode()).as(put.asString()).isEqualTo(200);
        assertThat(TensorJson.parse(put.asString()).path("resultCache").asBoolean()).isTrue();
        Eventually.await("iris-kept in the snapshot", Duration.ofSeconds(10),
                () -> infer("iris-kept", BODY).statusCode() == 200);

        // WHEN the same input is sent twice more
        Response first = infer("iris-kept", BODY);
        Response second = infer("iris-kept", BODY);

        // THEN the second is the kept answer: the same body, a result-cache hit, no inference
        assertThat(second.asString()).isEqualTo(first.asString());
        JsonNode record = metrics.awaitRecords(second.header("X-Request-Id")).get(0);
        assertThat(record.path("ResultCacheHit").asInt()).isEqualTo(1);
        assertThat(record.has("InferenceLatency")).isFalse();
        assertThat(record.has("CacheHit")).isFalse();
        // and another input is computed and kept
        Response other = infer("iris-kept", BODY.replace("6.1", "6.2"));
        JsonNode otherRecord = metrics.awaitRecords(other.header("X-Request-Id")).get(0);
        assertThat(otherRecord.path("ResultCacheHit").asInt()).isZero();
        assertThat(otherRecord.has("InferenceLatency")).isTrue();
    }

    @Test
    void an_endpoint_without_the_switch_should_compute_every_answer_and_report_no_result_cache() {
        infer("iris", BODY);
        Response again = infer("iris", BODY);

        JsonNode record = metrics.awaitRecords(again.header("X-Request-Id")).get(0);
        assertThat(record.has("ResultCacheHit")).isFalse();
        assertThat(record.has("InferenceLatency")).isTrue();
    }

    @Test
    void an_update_that_does_not_mention_the_result_cache_should_keep_it() {
        // GIVEN an endpoint with the result cache on
        Response created = admin("endpoints/put", "{\"endpoint\":\"iris-keep-setting\",\"variants\":[{\"name\":\"stable\","
                + "\"model\":\"iris\",\"version\":\"1.1.0\",\"weight\":10000}],\"resultCache\":true,"
                + "\"backend\":\"lambda\"}");
        long revision = TensorJson.parse(created.asString()).path("revision").asLong();

        // WHEN its weights are updated without a word on the cache
        Response updated = admin("endpoints/put", "{\"endpoint\":\"iris-keep-setting\",\"revision\":" + revision
                + ",\"variants\":[{\"name\":\"stable\",\"model\":\"iris\",\"version\":\"1.0.0\",\"weight\":10000}]}");

        // THEN it is still on, and a wrong type is refused
        assertThat(updated.statusCode()).as(updated.asString()).isEqualTo(200);
        assertThat(TensorJson.parse(updated.asString()).path("resultCache").asBoolean()).isTrue();
        Response wrong = admin("endpoints/put", "{\"endpoint\":\"iris-keep-setting\",\"revision\":" + (revision + 1)
                + ",\"variants\":[{\"name\":\"stable\",\"model\":\"iris\",\"version\":\"1.0.0\",\"weight\":10000}],"
                + "\"resultCache\":\"yes\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.asString()).contains("resultCache");
    }
}
