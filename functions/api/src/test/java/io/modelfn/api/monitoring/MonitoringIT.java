package io.modelfn.api.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.testing.CapturedMetrics;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.core.metrics.MetricsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Feedback, A/B comparison, drift and cost through the HTTP application, on DynamoDB Local. */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class MonitoringIT {

    private static final String ADMIN = "Bearer test-admin-token";

    @Inject
    CapturedMetrics metrics;

    private static Response predictDiabetes(String id) {
        return given().contentType("application/json").header("X-Request-Id", id)
                .body("{\"endpoint\":\"diabetes\",\"inputs\":[[0.03,0.05,0.06,0.02,-0.04,-0.03,-0.04,0.0,0.02,-0.02]]}")
                .post("/predict");
    }

    private static Response feedback(String body) {
        return given().contentType("application/json").body(body).post("/feedback");
    }

    @Test
    void feedback_should_be_counted_once_per_prediction_and_emitted_as_metrics() {
        // GIVEN a prediction by the iris endpoint
        Response prediction = given().contentType("application/json").header("X-Request-Id", "fb-iris-1")
                .body("{\"endpoint\":\"iris\",\"inputs\":[[6.7,3.0,5.2,2.3]]}").post("/predict");
        prediction.then().statusCode(200);
        String model = prediction.header("X-ModelFn-Model");
        String version = prediction.header("X-ModelFn-Version");

        // WHEN its true class is reported, twice
        String body = "{\"predictionId\":\"fb-iris-1\",\"endpoint\":\"iris\",\"model\":\"" + model + "\",\"version\":\""
                + version + "\",\"predicted\":2,\"actual\":\"virginica\"}";
        Response first = feedback(body);
        Response second = feedback(body);

        // THEN it counts once, right, and FeedbackCorrect=1 is emitted for the stable variant
        first.then().statusCode(200);
        assertThat(first.jsonPath().getBoolean("correct")).isTrue();
        assertThat(first.jsonPath().getString("variant")).isEqualTo("stable");
        second.then().statusCode(409);
        List<JsonNode> records = metrics.records();
        assertThat(records).anySatisfy(r -> {
            assertThat(r.path(MetricsContract.FEEDBACK_CORRECT).asInt(-1)).isEqualTo(1);
            assertThat(r.path("Endpoint").asText()).isEqualTo("iris");
            assertThat(r.path("Variant").asText()).isEqualTo("stable");
        });
    }

    @Test
    void feedback_should_refuse_bad_reports_with_4xx() {
        feedback("{\"predictionId\":\"x-1\",\"endpoint\":\"iris\",\"model\":\"iris\",\"version\":\"1.1.0\",\"predicted\":9,\"actual\":0}")
                .then().statusCode(400);
        feedback("{\"predictionId\":\"x-2\",\"endpoint\":\"nowhere\",\"model\":\"iris\",\"version\":\"1.1.0\",\"predicted\":0,\"actual\":0}")
                .then().statusCode(404);
        feedback("{\"predictionId\":\"x-3\",\"endpoint\":\"iris\",\"model\":\"iris\",\"version\":\"7.0.0\",\"predicted\":0,\"actual\":0}")
                .then().statusCode(404);
        feedback("{\"endpoint\":\"iris\",\"model\":\"iris\",\"version\":\"1.1.0\",\"predicted\":0,\"actual\":0}")
                .then().statusCode(400);
        feedback("{\"predictionId\":\"x-4\",\"bogus\":1}").then().statusCode(400);
    }

    @Test
    void regression_feedback_should_emit_the_absolute_error() {
        predictDiabetes("fb-diabetes-1").then().statusCode(200);

        Response answer = feedback("{\"predictionId\":\"fb-diabetes-1\",\"endpoint\":\"diabetes\",\"model\":\"diabetes\","
                + "\"version\":\"1.0.0\",\"predicted\":150.5,\"actual\":100}");

        answer.then().statusCode(200);
        assertThat(answer.jsonPath().getDouble("absoluteError")).isEqualTo(50.5);
    }

    @Test
    void ab_compare_should_report_both_versions_with_statistics() {
        for (int i = 0; i < 30; i++) {
            feedback("{\"predictionId\":\"ab-a-" + i + "\",\"endpoint\":\"iris\",\"model\":\"iris\",\"version\":\"1.0.0\","
                    + "\"variant\":\"pinned\",\"predicted\":" + (i % 3 == 0 ? 1 : 0) + ",\"actual\":0}").then().statusCode(200);
            feedback("{\"predictionId\":\"ab-b-" + i + "\",\"endpoint\":\"iris\",\"model\":\"iris\",\"version\":\"1.1.0\","
                    + "\"variant\":\"pinned\",\"predicted\":0,\"actual\":0}").then().statusCode(200);
        }

        Response compare = given().contentType("application/json").header("Authorization", ADMIN)
                .body("{\"model\":\"iris\",\"a\":\"1.0.0\",\"b\":\"1.1.0\",\"effect\":0.1}").post("/admin/ab/compare");

        compare.then().statusCode(200);
        assertThat(compare.jsonPath().getDouble("a.accuracy")).isCloseTo(0.6667, org.assertj.core.data.Offset.offset(0.001));
        assertThat(compare.jsonPath().getDouble("b.accuracy")).isEqualTo(1.0);
        assertThat(compare.jsonPath().getList("a.accuracy95")).hasSize(2);
        assertThat(compare.jsonPath().getDouble("pValue")).isLessThan(0.05);
        assertThat(compare.jsonPath().getString("verdict")).startsWith("1.1.0 is more accurate");
        assertThat(compare.jsonPath().getLong("sampleSizePerVersion")).isPositive();
    }

    @Test
    void predictions_should_emit_their_rows_per_bin_of_every_feature_of_a_tabular_model() {
        // GIVEN no records yet
        metrics.clear();

        // WHEN a tabular model (diabetes, 10 features with a training profile) answers 30 one-row requests
        for (int i = 0; i < 30; i++) {
            predictDiabetes("bins-" + i).then().statusCode(200);
        }

        // THEN each request left one FeatureBinCount record per feature, in the [Model, Version, Feature, Bin] set,
        // and each feature's counts add up to the 30 rows; nothing is held back for a later report
        List<JsonNode> bins = metrics.records().stream()
                .filter(r -> r.has(MetricsContract.FEATURE_BIN_COUNT) && r.path("Model").asText().equals("diabetes"))
                .toList();
        assertThat(bins).hasSize(30 * 10);
        assertThat(bins).allSatisfy(r -> {
            assertThat(r.path("_aws").path("CloudWatchMetrics").path(0).path("Dimensions").path(0).toString())
                    .isEqualTo("[\"Model\",\"Version\",\"Feature\",\"Bin\"]");
            assertThat(r.path("Bin").asText()).matches("\\d+");
        });
        assertThat(bins.stream().map(r -> r.path("Feature").asText()).distinct()).hasSize(10);
        assertThat(bins.stream().filter(r -> r.path("Feature").asText().equals(bins.get(0).path("Feature").asText()))
                .mapToLong(r -> r.path(MetricsContract.FEATURE_BIN_COUNT).asLong()).sum()).isEqualTo(30);
    }

    @Test
    void prediction_records_should_carry_an_estimated_cost() {
        predictDiabetes("cost-1").then().statusCode(200);

        assertThat(metrics.records()).anySatisfy(r -> {
            assertThat(r.path("RequestId").asText()).isEqualTo("cost-1");
            assertThat(r.path(MetricsContract.ESTIMATED_COST).asDouble()).isGreaterThan(2e-7).isLessThan(1e-4);
        });
    }
}
