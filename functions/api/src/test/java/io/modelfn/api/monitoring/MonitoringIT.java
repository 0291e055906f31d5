package io.modelfn.api.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.predictiontoken.PredictionTokenHeader;
import io.modelfn.api.testing.CapturedMetrics;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.predictiontoken.Predicted;
import io.modelfn.core.predictiontoken.PredictionToken;
import io.modelfn.core.predictiontoken.PredictionTokenKeys;
import io.modelfn.core.predictiontoken.PredictionTokenSigner;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Feedback on served predictions, A/B comparison, drift and cost through the HTTP application, on DynamoDB Local. */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class MonitoringIT {

    private static final String ADMIN = "Bearer test-admin-token";

    @Inject
    CapturedMetrics metrics;

    @Inject
    PredictionTokenHeader tokens;

    private static Response predictDiabetes(String id) {
        return given().contentType("application/json").header("X-Request-Id", id)
                .body("{\"endpoint\":\"diabetes\",\"inputs\":[[0.03,0.05,0.06,0.02,-0.04,-0.03,-0.04,0.0,0.02,-0.02]]}")
                .post("/predict");
    }

    private static Response feedback(String body) {
        return given().contentType("application/json").body(body).post("/feedback");
    }

    private static Response predictIris(String id) {
        Response prediction = given().contentType("application/json").header("X-Request-Id", id)
                .body("{\"endpoint\":\"iris\",\"inputs\":[[6.7,3.0,5.2,2.3]]}").post("/predict");
        prediction.then().statusCode(200);
        return prediction;
    }

    private static String tokenOf(Response prediction) {
        String token = prediction.header(PredictionTokenHeader.NAME);
        assertThat(token).as("the answer's prediction token").isNotBlank();
        return token;
    }

    /** A token signed with this deployment's key, as if {@code version} had served it {@code age} ago. */
    private String signed(String id, String endpoint, String version, String variant, String predicted, Duration age) {
        return tokens.signer().orElseThrow().sign(new PredictionToken(id, endpoint, "iris", version, variant,
                new Predicted.Label(predicted), Instant.now().minus(age)));
    }

    private long feedbackOutcomes() {
        return metrics.records().stream().filter(r -> r.has(MetricsContract.FEEDBACK_CORRECT)).count();
    }

    @Test
    void feedback_should_be_counted_once_per_served_prediction_and_emitted_as_metrics() {
        // GIVEN a prediction by the iris endpoint, with its token
        Response prediction = predictIris("fb-iris-1");
        String model = prediction.header("X-ModelFn-Model");
        String version = prediction.header("X-ModelFn-Version");

        // WHEN its true class is reported with the token, twice
        String body = "{\"predictionToken\":\"" + tokenOf(prediction) + "\",\"actual\":\"virginica\"}";
        Response first = feedback(body);
        Response second = feedback(body);

        // THEN it counts once, right, and FeedbackCorrect=1 is emitted for the stable variant
        first.then().statusCode(200);
        assertThat(first.jsonPath().getBoolean("correct")).isTrue();
        assertThat(first.jsonPath().getString("variant")).isEqualTo("stable");
        assertThat(first.jsonPath().getString("model")).isEqualTo(model);
        assertThat(first.jsonPath().getString("version")).isEqualTo(version);
        second.then().statusCode(409).contentType("application/json");
        List<JsonNode> records = metrics.records();
        assertThat(records).anySatisfy(r -> {
            assertThat(r.path(MetricsContract.FEEDBACK_CORRECT).asInt(-1)).isEqualTo(1);
            assertThat(r.path("Endpoint").asText()).isEqualTo("iris");
            assertThat(r.path("Variant").asText()).isEqualTo("stable");
        });
    }

    @Test
    void feedback_should_accept_repeated_fields_that_agree_and_refuse_those_that_do_not() {
        Response prediction = predictIris("fb-iris-claims");
        String token = tokenOf(prediction);

        feedback("{\"predictionToken\":\"" + token + "\",\"predicted\":0,\"actual\":2}").then().statusCode(400)
                .contentType("application/json").body("error", org.hamcrest.Matchers.containsString("'predicted' disagrees"));
        feedback("{\"predictionToken\":\"" + token + "\",\"version\":\"7.0.0\",\"actual\":2}").then().statusCode(400);
        feedback("{\"predictionToken\":\"" + token + "\",\"predictionId\":\"fb-iris-claims\",\"endpoint\":\"iris\","
                + "\"model\":\"iris\",\"version\":\"" + prediction.header("X-ModelFn-Version") + "\",\"variant\":\"stable\","
                + "\"predicted\":\"virginica\",\"actual\":2}").then().statusCode(200);
    }

    @Test
    void feedback_should_refuse_forged_tampered_expired_and_missing_tokens_without_counting_them() {
        // GIVEN a served prediction's genuine token, and the outcomes counted so far
        String token = tokenOf(predictIris("fb-iris-refused"));
        String[] parts = token.split("\\.");
        String otherKey = new PredictionTokenSigner(PredictionTokenKeys.generated(), java.time.Clock.systemUTC(),
                Duration.ofDays(1)).sign(new PredictionToken("fb-forged", "iris", "iris", "1.0.0", "stable",
                new Predicted.Label("setosa"), Instant.now()));
        String swappedPayload = parts[0] + "." + signed("fb-x", "iris", "1.0.0", "stable", "setosa", Duration.ZERO)
                .split("\\.")[1] + "." + parts[2];
        String unknownKeyId = "gone." + parts[1] + "." + parts[2];
        String expired = signed("fb-old", "iris", "1.0.0", "stable", "setosa", Duration.ofDays(8));
        long before = feedbackOutcomes();

        // WHEN feedback comes with each of them THEN each is refused with its status and a JSON error
        for (var refused : List.of(Map.entry(otherKey, 401), Map.entry(swappedPayload, 401), Map.entry(unknownKeyId, 401),
                Map.entry(expired, 403), Map.entry("not-a-token", 400))) {
            feedback("{\"predictionToken\":\"" + refused.getKey() + "\",\"actual\":0}").then().statusCode(refused.getValue())
                    .contentType("application/json").body("error", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
        }
        feedback("{\"actual\":0}").then().statusCode(400).body("error",
                org.hamcrest.Matchers.containsString("X-ModelFn-Prediction-Token"));
        // (the old form, which named the prediction without proof of it, is refused too)
        feedback("{\"predictionId\":\"fb-iris-refused\",\"endpoint\":\"iris\",\"model\":\"iris\",\"version\":\"1.0.0\","
                + "\"predicted\":2,\"actual\":0}").then().statusCode(400);
        feedback("{\"predictionToken\":\"" + token + "\",\"bogus\":1}").then().statusCode(400);
        feedback("{\"predictionToken\":\"" + token + "\",\"actual\":9}").then().statusCode(400);
        feedback("{\"predictionToken\":\"" + signed("fb-nowhere", "nowhere", "1.0.0", "stable", "setosa", Duration.ZERO)
                + "\",\"actual\":0}").then().statusCode(404);

        // THEN none of them reached the accuracy metrics, and the genuine token still counts once
        assertThat(feedbackOutcomes()).isEqualTo(before);
        feedback("{\"predictionToken\":\"" + token + "\",\"actual\":0}").then().statusCode(200);
        assertThat(feedbackOutcomes()).isEqualTo(before + 1);
    }

    @Test
    void regression_feedback_should_emit_the_absolute_error_of_the_served_prediction() {
        Response prediction = predictDiabetes("fb-diabetes-1");
        prediction.then().statusCode(200);
        double predicted = prediction.jsonPath().getDouble("outputs.prediction[0][0]");

        Response answer = feedback("{\"predictionToken\":\"" + tokenOf(prediction) + "\",\"actual\":100}");

        answer.then().statusCode(200);
        assertThat(answer.jsonPath().getDouble("absoluteError")).isCloseTo(Math.abs(predicted - 100),
                org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void ab_compare_should_report_both_versions_with_statistics() {
        for (int i = 0; i < 30; i++) {
            feedback("{\"predictionToken\":\"" + signed("ab-a-" + i, "iris", "1.0.0", "pinned", i % 3 == 0 ? "versicolor" : "setosa",
                    Duration.ZERO) + "\",\"actual\":0}").then().statusCode(200);
            feedback("{\"predictionToken\":\"" + signed("ab-b-" + i, "iris", "1.1.0", "pinned", "setosa", Duration.ZERO)
                    + "\",\"actual\":0}").then().statusCode(200);
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
        // (warm first: a cold load on a busy machine alone can take seconds, and the bound is for a served request)
        predictDiabetes("cost-warm").then().statusCode(200);
        predictDiabetes("cost-1").then().statusCode(200);

        assertThat(metrics.records()).anySatisfy(r -> {
            assertThat(r.path("RequestId").asText()).isEqualTo("cost-1");
            assertThat(r.path(MetricsContract.ESTIMATED_COST).asDouble()).isGreaterThan(2e-7).isLessThan(1e-4);
        });
    }
}
