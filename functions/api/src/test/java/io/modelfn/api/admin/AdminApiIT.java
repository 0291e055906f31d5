package io.modelfn.api.admin;

import static io.modelfn.api.testing.ErrorAssertions.assertJsonError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.api.testing.Eventually;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.TensorJson;
import io.modelfn.api.testing.TestRegistry;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.testkit.SampleModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin API over HTTP ({@code POST /admin/...}, Funqy functions) on DynamoDB Local and the local
 * model folder: the bearer token, the upload-register-serve flow through the validation gate,
 * refused inputs that store nothing, 50 racing weight updates, idempotency keys, and one or two
 * happy paths of each operation. Each test works on models and endpoints of its own ({@code adm-...}),
 * so it disturbs neither the other tests nor the sample models.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class AdminApiIT {

    private static final String TOKEN = "test-admin-token";
    private static final ModelKey IRIS_100 = ModelKey.parse("iris/1.0.0");
    private static final ModelKey IRIS_110 = ModelKey.parse("iris/1.1.0");
    private static final String IRIS_INFER = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],"
            + "\"data\":[5.1,3.5,1.4,0.2]}]}";
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(15);

    // ---------------------------------------------------------------------- authentication

    @ParameterizedTest
    @ValueSource(strings = {
        "models", "models/describe", "versions/describe", "versions/compare", "uploads/prepare", "versions/register",
        "versions/validate", "versions/promote", "versions/transition", "versions/archive", "aliases/set",
        "aliases/rollback", "aliases/history", "cleanup", "audit", "endpoints", "endpoints/describe", "endpoints/put",
        "endpoints/weights", "endpoints/alarm-limits", "rollouts/start", "rollouts/pause", "rollouts/resume",
        "rollouts/abort"})
    void every_admin_function_should_answer_401_when_the_bearer_token_is_missing_or_wrong(String function) {
        // GIVEN a valid body for the function
        String body = "{\"model\":\"iris\",\"version\":\"1.1.0\",\"endpoint\":\"iris\"}";

        // WHEN it is called without a token, with a wrong one, or with another scheme
        List<Response> answers = List.of(
                given().contentType("application/json").body(body).post("/admin/" + function),
                given().header("Authorization", "Bearer wrong-token").contentType("application/json").body(body)
                        .post("/admin/" + function),
                given().header("Authorization", "Bearer " + TOKEN + "x").contentType("application/json").body(body)
                        .post("/admin/" + function),
                given().header("Authorization", "Basic " + TOKEN).contentType("application/json").body(body)
                        .post("/admin/" + function));

        // THEN each is refused with a JSON error and a bearer challenge
        for (Response answer : answers) {
            assertJsonError(answer, 401, "bearer token");
            assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void unauthenticated_mutations_should_change_nothing() {
        // GIVEN a validated version of a model of this test
        String model = "adm-unauth";
        registerValidated(model, "1.0.0", IRIS_110);
        int events = auditSize("model:" + model);

        // WHEN an endpoint is put, the version promoted and archived without the token
        String put = body("endpoint", "adm-unauth-ep", "variants", array(variant("stable", model, "1.0.0", 10_000)))
                .toString();
        assertThat(given().contentType("application/json").body(put).post("/admin/endpoints/put").statusCode())
                .isEqualTo(401);
        assertThat(given().contentType("application/json").body(body("model", model, "version", "1.0.0").toString())
                .post("/admin/versions/promote").statusCode()).isEqualTo(401);
        assertThat(given().header("Authorization", "Bearer nope").contentType("application/json")
                .body(body("model", model, "version", "1.0.0").toString()).post("/admin/versions/archive")
                .statusCode()).isEqualTo(401);

        // THEN nothing was written
        assertJsonError(call("endpoints/describe", body("endpoint", "adm-unauth-ep")), 404);
        assertThat(describeVersion(model, "1.0.0").path("state").asText()).isEqualTo("VALIDATED");
        assertThat(auditSize("model:" + model)).isEqualTo(events);
    }

    @Test
    void upload_should_answer_400_and_write_nothing_when_the_token_was_tampered_with() {
        // GIVEN an upload ticket (the local runner's signed tokens are tested in functions/local)
        JsonNode ticket = prepare("adm-upload-token", "1.0.0");
        String path = URI.create(ticket.path("url").asText()).getRawPath();
        String token = path.substring(path.lastIndexOf('/') + 1);

        // WHEN bytes are sent with a changed token, or with no token of this server
        for (String bad : List.of(token + "x", token.substring(1), "garbage")) {
            Response answer = given().contentType("application/octet-stream").body(artifact(IRIS_110))
                    .put("/admin/uploads/" + bad);

            // THEN each is refused with a JSON error, and no file is written
            assertJsonError(answer, 400, "upload token");
        }
        assertThat(RegistryTestResource.bucket().resolve("adm-upload-token")).doesNotExist();
    }

    // ------------------------------------------------------------------ register, then serve

    @Test
    void register_should_validate_an_uploaded_version_that_can_then_take_traffic() {
        // GIVEN an upload ticket for a new version
        String model = "adm-flow";
        Response prepared = call("uploads/prepare", body("model", model, "version", "1.5.0"));
        JsonNode ticket = ok(prepared);
        assertThat(ticket.path("url").asText()).startsWith("http://localhost:8080/admin/uploads/");
        assertThat(ticket.path("method").asText()).isEqualTo("PUT");
        assertThat(ticket.path("location").asText()).isEqualTo("local:" + model + "/1.5.0/model.onnx");

        // WHEN iris 1.1.0's bytes are sent to the ticket's path on this server (no admin token needed)
        Response uploaded = given().contentType("application/octet-stream").body(artifact(IRIS_110))
                .put(URI.create(ticket.path("url").asText()).getRawPath());
        assertThat(uploaded.statusCode()).as(uploaded.asString()).isEqualTo(200);
        assertThat(RegistryTestResource.bucket().resolve(model + "/1.5.0/model.onnx")).hasBinaryContent(artifact(IRIS_110));

        // AND the version is registered from the returned location with its card and reference vectors
        JsonNode registered = ok(call("versions/register", body("model", model, "version", "1.5.0",
                "source", ticket.path("location").asText(), "card", card(IRIS_110, model, "1.5.0"),
                "reference", reference(IRIS_110, model, "1.5.0"), "reason", "first upload")));

        // THEN every check of the gate passed and the version is VALIDATED with the card's digest
        assertThat(registered.path("state").asText()).isEqualTo("VALIDATED");
        assertThat(registered.path("validation").path("passed").asBoolean()).isTrue();
        assertThat(texts(registered.path("validation").path("checks"), "name"))
                .containsExactly("sha256", "size", "onnx", "signature", "session", "reference");
        assertThat(registered.path("validation").path("checks")).allSatisfy(c -> assertThat(c.path("passed").asBoolean())
                .as(c.toString()).isTrue());
        assertThat(registered.path("sha256").asText()).isEqualTo(SampleModels.card(IRIS_110).artifact().sha256());
        assertThat(registered.path("artifact").asText()).isEqualTo("local:" + model + "/1.5.0/model.onnx");
        assertThat(registered.path("createdBy").asText()).isEqualTo("token-holder");
        JsonNode described = describeVersion(model, "1.5.0");
        assertThat(described.path("state").asText()).isEqualTo("VALIDATED");
        assertThat(described.path("card").path("name").asText()).isEqualTo(model);
        assertThat(described.path("metrics").path("accuracy").asDouble()).isEqualTo(0.911111);

        // AND an endpoint on it answers inferences once the snapshot is refreshed
        JsonNode endpoint = ok(call("endpoints/put", body("endpoint", "adm-flow-ep",
                "variants", array(variant("stable", model, "1.5.0", 10_000)))));
        assertThat(endpoint.path("revision").asLong()).isEqualTo(1);
        Eventually.await("adm-flow-ep to answer", SNAPSHOT_TIMEOUT, () -> infer("adm-flow-ep").statusCode() == 200);
        JsonNode answer = TensorJson.parse(infer("adm-flow-ep").asString());
        assertThat(answer.path("outputs").get(1).path("data").get(0).asInt()).isZero(); // setosa
    }

    @Test
    void register_should_answer_422_and_store_the_version_failed_when_the_artifact_was_tampered_with() {
        // GIVEN iris 1.1.0's card, and its bytes with one byte changed uploaded
        String model = "adm-tampered";
        byte[] tampered = artifact(IRIS_110);
        tampered[tampered.length - 1] ^= 0x01;
        JsonNode ticket = prepare(model, "1.0.0");
        upload(ticket, tampered);

        // WHEN it is registered
        Response answer = call("versions/register", body("model", model, "version", "1.0.0",
                "source", ticket.path("location").asText(), "card", card(IRIS_110, model, "1.0.0")));

        // THEN 422 with the error, the version as stored and the report
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(422);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode error = TensorJson.parse(answer.asString());
        assertThat(error.path("error").asText()).contains("failed validation").contains("sha256");
        assertThat(error.path("version").path("state").asText()).isEqualTo("FAILED");
        assertThat(error.path("validation").path("passed").asBoolean()).isFalse();
        assertThat(error.path("validation").path("checks").get(0).path("name").asText()).isEqualTo("sha256");
        assertThat(error.path("validation").path("checks").get(0).path("passed").asBoolean()).isFalse();

        // AND it IS stored, FAILED with the reason, and cannot take traffic
        JsonNode stored = describeVersion(model, "1.0.0");
        assertThat(stored.path("state").asText()).isEqualTo("FAILED");
        assertThat(stored.path("stateReason").asText()).startsWith("sha256: ").contains("tampered");
        assertJsonError(call("endpoints/put", body("endpoint", "adm-tampered-ep",
                "variants", array(variant("stable", model, "1.0.0", 10_000)))), 409, "FAILED");
        assertJsonError(call("endpoints/describe", body("endpoint", "adm-tampered-ep")), 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://example.com/m.onnx",
        "https://example.com/m.onnx",
        "file:///etc/passwd",
        "s3://other-bucket/models/x",
        "s3://modelfn-models/models/adm-source/1.0.0/model.onnx",
        "local:../x",
        "local:/etc/passwd",
        "local:adm-source/../../../etc/passwd",
        "local:iris/1.1.0/../../../../etc/passwd",
        "/etc/passwd",
        " "})
    void register_should_answer_400_and_store_nothing_when_the_source_is_refused(String source) {
        // GIVEN a valid card for a new version
        String model = "adm-source";

        // WHEN it is registered from a source outside the model folder
        Response answer = call("versions/register", body("model", model, "version", "1.0.0", "source", source,
                "card", card(IRIS_110, model, "1.0.0")));

        // THEN 400 with a JSON error, and no version is stored
        assertJsonError(answer, 400, "source");
        assertJsonError(call("versions/describe", body("model", model, "version", "1.0.0")), 404);
    }

    @Test
    void register_should_answer_400_and_store_nothing_when_the_card_names_another_version() {
        // GIVEN bytes uploaded for 1.0.0, and the card of 1.1.0 unchanged
        String model = "adm-card";
        JsonNode ticket = prepare(model, "1.0.0");
        upload(ticket, artifact(IRIS_110));

        // WHEN 1.0.0 is registered with it
        Response answer = call("versions/register", body("model", model, "version", "1.0.0",
                "source", ticket.path("location").asText(), "card", card(IRIS_110, model, "1.1.0")));

        // THEN it is refused and nothing is stored
        assertJsonError(answer, 400, model + "/1.1.0");
        assertJsonError(call("versions/describe", body("model", model, "version", "1.0.0")), 404);
    }

    @Test
    void register_should_answer_409_when_the_version_exists() {
        // GIVEN a registered version
        String model = "adm-twice";
        JsonNode first = registerValidated(model, "1.0.0", IRIS_110);

        // WHEN it is registered again / THEN 409, and the stored version is unchanged
        assertJsonError(call("versions/register", body("model", model, "version", "1.0.0",
                "source", "local:" + model + "/1.0.0/model.onnx", "card", card(IRIS_110, model, "1.0.0"))),
                409, "already registered");
        assertThat(describeVersion(model, "1.0.0").path("revision")).isEqualTo(first.path("revision"));
    }

    @Test
    void prepareUpload_should_answer_409_when_the_version_is_registered_or_its_key_holds_an_upload() {
        // GIVEN a registered version, and bytes uploaded for another version not registered yet
        String model = "adm-immutable";
        registerValidated(model, "1.0.0", IRIS_110);
        upload(prepare(model, "2.0.0"), artifact(IRIS_110));

        // WHEN uploads are prepared for either key / THEN 409 with a JSON error: artifact keys are immutable
        assertJsonError(call("uploads/prepare", body("model", model, "version", "1.0.0")), 409, "immutable");
        assertJsonError(call("uploads/prepare", body("model", model, "version", "2.0.0")), 409, "already stored");

        // AND registering another version from the registered version's key is refused too, and stores nothing
        assertJsonError(call("versions/register", body("model", model, "version", "3.0.0",
                "source", "local:" + model + "/1.0.0/model.onnx", "card", card(IRIS_110, model, "3.0.0"))),
                409, "immutable");
        assertJsonError(call("versions/describe", body("model", model, "version", "3.0.0")), 404);
        assertThat(describeVersion(model, "1.0.0").has("artifactVersionId"))
                .as("a folder keeps no object versions: none is recorded").isFalse();
    }

    // ---------------------------------------------------------------- refused endpoint changes

    @Test
    void putEndpoint_should_answer_4xx_and_store_nothing_when_the_request_breaks_a_rule() {
        // GIVEN a validated 1.0.0 and 1.1.0, and a FAILED 1.2.0
        String model = "adm-refuse";
        registerValidated(model, "1.0.0", IRIS_100);
        registerValidated(model, "1.1.0", IRIS_110);
        registerTampered(model, "1.2.0");
        String endpoint = "adm-refuse-ep";

        // WHEN an endpoint is created with weights off 100 %, a negative weight, an unknown or a FAILED version,
        // duplicate variants or a bad backend
        // THEN each is a 4xx JSON error
        assertJsonError(put(endpoint, variant("stable", model, "1.0.0", 9_000),
                variant("canary", model, "1.1.0", 999)), 400, "10000");
        assertJsonError(put(endpoint, variant("stable", model, "1.0.0", 10_500),
                variant("canary", model, "1.1.0", -500)), 400, "weight");
        assertJsonError(put(endpoint, variant("stable", model, "1.0.0", 9_000),
                variant("canary", model, "9.9.9", 1_000)), 404, model + "/9.9.9");
        assertJsonError(put(endpoint, variant("stable", model, "1.0.0", 9_000),
                variant("canary", model, "1.2.0", 1_000)), 409, "FAILED");
        assertJsonError(put(endpoint, variant("stable", model, "1.0.0", 5_000),
                variant("stable", model, "1.1.0", 5_000)), 400, "unique");
        assertJsonError(call("endpoints/put", body("endpoint", endpoint, "backend", "ftp://x",
                "variants", array(variant("stable", model, "1.0.0", 10_000)))), 400, "backend");
        assertJsonError(call("endpoints/put", body("endpoint", "Bad_Name",
                "variants", array(variant("stable", model, "1.0.0", 10_000)))), 400, "endpoint");

        // AND the endpoint was never stored
        assertJsonError(call("endpoints/describe", body("endpoint", endpoint)), 404);
        assertThat(auditSize("endpoint:" + endpoint)).isZero();
    }

    @Test
    void admin_functions_should_answer_400_naming_the_field_when_a_field_is_unknown_mistyped_or_missing() {
        // GIVEN a registered model
        String model = "adm-contract";
        registerValidated(model, "1.0.0", IRIS_100);
        int events = auditSize("model:" + model);

        // WHEN a field is misspelt, of the wrong type, or missing
        // THEN 400 with a JSON error that names the field, and nothing changes
        assertJsonError(call("versions/describe", body("model", model, "verison", "1.0.0")), 400,
                "unknown field 'verison'");
        assertJsonError(call("versions/describe", body("model", model, "version", 100)), 400, "'version' must be a string");
        assertJsonError(call("aliases/set", body("model", model, "alias", "live")), 400, "'version' is required");
        assertThat(auditSize("model:" + model)).isEqualTo(events);
    }

    @Test
    void setWeights_should_answer_4xx_and_leave_the_endpoint_unchanged_when_the_weights_are_refused() {
        // GIVEN an endpoint at 90/10 on two validated versions
        String model = "adm-weights";
        registerValidated(model, "1.0.0", IRIS_100);
        registerValidated(model, "1.1.0", IRIS_110);
        String endpoint = "adm-weights-ep";
        JsonNode created = ok(put(endpoint, variant("stable", model, "1.0.0", 9_000),
                variant("canary", model, "1.1.0", 1_000)));

        // WHEN the weights do not sum to 10000, are negative, leave out or invent a variant, or are not integers
        assertJsonError(weights(endpoint, 1, "stable", 8_000, "canary", 1_000), 400, "10000");
        assertJsonError(weights(endpoint, 1, "stable", 11_000, "canary", -1_000), 400, "weight");
        assertJsonError(weights(endpoint, 1, "stable", 10_000), 400, "canary");
        assertJsonError(weights(endpoint, 1, "stable", 5_000, "canary", 4_000, "blue", 1_000), 400, "blue");
        assertJsonError(call("endpoints/weights", body("endpoint", endpoint, "revision", 1,
                "weights", body("stable", "50%", "canary", "50%"))), 400, "integer");

        // THEN the endpoint is as created, with no event beyond its creation
        assertThat(describeEndpoint(endpoint)).isEqualTo(created);
        assertThat(auditSize("endpoint:" + endpoint)).isEqualTo(1);

        // AND a valid change at the revision read is taken
        JsonNode changed = ok(weights(endpoint, 1, "stable", 5_000, "canary", 5_000));
        assertThat(changed.path("revision").asLong()).isEqualTo(2);
        assertThat(changed.path("variants").get(1).path("weight").asInt()).isEqualTo(5_000);
    }

    @Test
    void alarmLimits_should_store_and_show_the_limits_and_answer_400_with_nothing_changed_when_one_is_out_of_range() {
        // GIVEN an endpoint made at runtime, and one the stage settings name
        String model = "adm-limits";
        registerValidated(model, "1.0.0", IRIS_100);
        String endpoint = "adm-limits-ep";
        ok(put(endpoint, variant("stable", model, "1.0.0", 10_000)));
        ok(put("adm-stack-ep", variant("stable", model, "1.0.0", 10_000)));

        // WHEN limits are set on it
        JsonNode limited = ok(call("endpoints/alarm-limits", body("endpoint", endpoint, "maxServerErrorRate", 0.02,
                "maxP99LatencyMs", 400, "reason", "tighter")));

        // THEN they are stored and shown when the endpoint is read, and no warning is given
        assertThat(limited.path("alarmLimits").toString()).isEqualTo("{\"maxServerErrorRate\":0.02,\"maxP99LatencyMs\":400}");
        assertThat(limited.has("warnings")).isFalse();
        assertThat(describeEndpoint(endpoint).path("alarmLimits")).isEqualTo(limited.path("alarmLimits"));

        // WHEN a limit is out of range, or not a number / THEN 400 with a JSON error, and nothing changed
        assertJsonError(call("endpoints/alarm-limits", body("endpoint", endpoint, "maxServerErrorRate", 1.5)), 400,
                "maxServerErrorRate");
        assertJsonError(call("endpoints/alarm-limits", body("endpoint", endpoint, "evaluationPeriods", 0)), 400,
                "evaluationPeriods");
        assertJsonError(call("endpoints/alarm-limits", body("endpoint", endpoint, "maxP99LatencyMs", "fast")), 400);
        assertThat(describeEndpoint(endpoint)).isEqualTo(limited);

        // AND limits on an endpoint of the stage settings are stored with a warning that its stack's alarms stay
        JsonNode stack = ok(call("endpoints/alarm-limits", body("endpoint", "adm-stack-ep", "minAccuracy", 0.9)));
        assertThat(stack.path("warnings").toString()).contains("named in the stage settings");
    }

    // --------------------------------------------------------------------- illegal transitions

    @Test
    void transition_should_answer_409_and_change_nothing_when_the_lifecycle_does_not_allow_it() {
        // GIVEN a validated and a FAILED version
        String model = "adm-lifecycle";
        registerValidated(model, "1.0.0", IRIS_110);
        registerTampered(model, "1.1.0");
        int events = auditSize("model:" + model);

        // WHEN a version is moved to PRODUCTION directly, FAILED to VALIDATED or STAGING, VALIDATED to REGISTERED
        assertJsonError(transition(model, "1.0.0", "PRODUCTION"), 409, "promote");
        assertJsonError(transition(model, "1.1.0", "PRODUCTION"), 409, "promote");
        assertJsonError(transition(model, "1.1.0", "VALIDATED"), 409, "FAILED");
        assertJsonError(transition(model, "1.1.0", "STAGING"), 409, "FAILED");
        assertJsonError(transition(model, "1.0.0", "REGISTERED"), 409, "VALIDATED");
        assertJsonError(transition(model, "1.0.0", "DEPRECATED"), 400, "state");

        // AND a FAILED version is promoted, or pointed at by an alias
        assertJsonError(call("versions/promote", body("model", model, "version", "1.1.0")), 409, "FAILED");
        assertJsonError(call("aliases/set", body("model", model, "alias", "staging", "version", "1.1.0")), 409, "FAILED");

        // THEN nothing changed
        assertThat(describeVersion(model, "1.0.0").path("state").asText()).isEqualTo("VALIDATED");
        assertThat(describeVersion(model, "1.1.0").path("state").asText()).isEqualTo("FAILED");
        assertThat(auditSize("model:" + model)).isEqualTo(events);
        assertThat(ok(call("models/describe", body("model", model))).path("aliases")).isEmpty();
    }

    @Test
    void transition_should_answer_409_when_a_failed_version_is_made_validated_by_hand() {
        // GIVEN a version FAILED on a tampered artifact, moved back to REGISTERED
        String model = "adm-bypass";
        registerTampered(model, "1.0.0");
        ok(transition(model, "1.0.0", "REGISTERED"));

        // WHEN it is moved to VALIDATED by hand
        // THEN 409: only the validation gate makes a version VALIDATED; it cannot take traffic
        assertJsonError(transition(model, "1.0.0", "VALIDATED"), 409);
        assertJsonError(put("adm-bypass-ep", variant("stable", model, "1.0.0", 10_000)), 409);
    }

    // ---------------------------------------------------------------------------------- race

    @Test
    void setWeights_should_let_exactly_one_of_50_concurrent_updates_win_when_they_name_the_same_revision()
            throws Exception {
        // GIVEN an endpoint of this test at 50/50, revision 1, with one audit event
        String model = "adm-race";
        registerValidated(model, "1.0.0", IRIS_100);
        registerValidated(model, "1.1.0", IRIS_110);
        String endpoint = "adm-race-ep";
        JsonNode created = ok(put(endpoint, variant("stable", model, "1.0.0", 5_000),
                variant("canary", model, "1.1.0", 5_000)));
        assertThat(created.path("revision").asLong()).isEqualTo(1);
        int events = auditSize("endpoint:" + endpoint);

        // WHEN 50 callers set 50 different splits at once, each against revision 1
        int racers = 50;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try {
            for (int i = 1; i <= racers; i++) {
                int canary = i * 100;
                String request = body("endpoint", endpoint, "revision", 1,
                        "weights", body("stable", 10_000 - canary, "canary", canary)).toString();
                futures.add(pool.submit(() -> {
                    start.await();
                    return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                                    + "/admin/endpoints/weights"))
                            .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                            HttpResponse.BodyHandlers.ofString());
                }));
            }
            start.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }

            // THEN exactly one won and 49 were told they conflict, each with a JSON error
            List<HttpResponse<String>> won = answers.stream().filter(a -> a.statusCode() == 200).toList();
            List<HttpResponse<String>> lost = answers.stream().filter(a -> a.statusCode() == 409).toList();
            assertThat(won).as("winners among %s", answers.stream().map(HttpResponse::statusCode).toList()).hasSize(1);
            assertThat(lost).hasSize(racers - 1);
            assertThat(lost).allSatisfy(a -> assertThat(TensorJson.parse(a.body()).path("error").asText()).isNotBlank());

            // AND the stored endpoint is the winner's, at revision 2, and the trail grew by exactly one event
            JsonNode winner = TensorJson.parse(won.get(0).body());
            assertThat(winner.path("revision").asLong()).isEqualTo(2);
            assertThat(describeEndpoint(endpoint)).isEqualTo(winner);
            assertThat(auditSize("endpoint:" + endpoint)).isEqualTo(events + 1);
            JsonNode event = ok(call("audit", body("subject", "endpoint:" + endpoint, "limit", 1)))
                    .path("events").get(0);
            assertThat(event.path("to").path("variants")).isEqualTo(winner.path("variants"));
        } finally {
            pool.shutdownNow();
        }
    }

    // --------------------------------------------------------------------------- idempotency

    @Test
    void a_mutation_should_be_made_once_and_answered_again_when_it_is_retried_with_the_same_idempotency_key() {
        // GIVEN a validated version, and a key
        String model = "adm-idem";
        registerValidated(model, "1.0.0", IRIS_110);
        int events = auditSize("model:" + model);
        String key = "adm-" + UUID.randomUUID();
        ObjectNode request = body("model", model, "alias", "staging", "version", "1.0.0", "reason", "first");

        // WHEN the same alias creation is sent twice with the key
        Response first = call("aliases/set", request, key);
        Response second = call("aliases/set", request, key);

        // THEN both answer the same body (without the key, the second would conflict), and one event was written
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
        assertThat(second.statusCode()).as(second.asString()).isEqualTo(200);
        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(auditSize("model:" + model)).isEqualTo(events + 1);
        assertJsonError(call("aliases/set", request), 409);

        // AND the same key with another request is refused with 422, changing nothing
        assertJsonError(call("aliases/set", body("model", model, "alias", "staging", "version", "1.0.0",
                "revision", 1, "reason", "other"), key), 422, "idempotency key");
        assertThat(auditSize("model:" + model)).isEqualTo(events + 1);
    }

    @Test
    void a_failed_validation_should_be_answered_again_when_it_is_retried_with_the_same_idempotency_key() {
        // GIVEN tampered bytes uploaded, and a key
        String model = "adm-idem-failed";
        byte[] tampered = artifact(IRIS_110);
        tampered[100] ^= 0x01;
        JsonNode ticket = prepare(model, "1.0.0");
        upload(ticket, tampered);
        ObjectNode request = body("model", model, "version", "1.0.0", "source", ticket.path("location").asText(),
                "card", card(IRIS_110, model, "1.0.0"));
        String key = "adm-" + UUID.randomUUID();

        // WHEN it is registered twice with the key
        Response first = call("versions/register", request, key);
        Response second = call("versions/register", request, key);

        // THEN both are the same 422 (not a 409 for the now existing version), and it was registered once
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(422);
        assertThat(second.statusCode()).as(second.asString()).isEqualTo(422);
        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(ok(call("audit", body("subject", "model:" + model))).path("events"))
                .extracting(e -> e.path("action").asText()).containsExactly("transition", "create-version");
    }

    // ------------------------------------------------------------------------- happy paths

    @Test
    void promote_should_make_one_production_version_and_move_the_alias() {
        // GIVEN two validated versions, the first promoted
        String model = "adm-promote";
        registerValidated(model, "1.0.0", IRIS_100);
        registerValidated(model, "1.1.0", IRIS_110);
        JsonNode first = ok(call("versions/promote", body("model", model, "version", "1.0.0")));
        assertThat(first.path("demoted").isNull()).isTrue();

        // WHEN the second is promoted
        JsonNode promoted = ok(call("versions/promote", body("model", model, "version", "1.1.0", "reason", "better")));

        // THEN it is in production behind the alias, which remembers the first, now demoted to STAGING
        assertThat(promoted.path("version").path("state").asText()).isEqualTo("PRODUCTION");
        assertThat(promoted.path("alias").path("alias").asText()).isEqualTo("production");
        assertThat(promoted.path("alias").path("version").asText()).isEqualTo("1.1.0");
        assertThat(promoted.path("alias").path("previousVersion").asText()).isEqualTo("1.0.0");
        assertThat(promoted.path("demoted").asText()).isEqualTo("1.0.0");
        assertThat(describeVersion(model, "1.0.0").path("state").asText()).isEqualTo("STAGING");
        Eventually.await(model + " in the model list", SNAPSHOT_TIMEOUT, () -> modelSummary(model) != null);
        JsonNode summary = modelSummary(model);
        assertThat(summary.path("production").asText()).isEqualTo("1.1.0");
        assertThat(summary.path("versions").asInt()).isEqualTo(2);
        assertThat(summary.path("aliases").path("production").asText()).isEqualTo("1.1.0");
    }

    @Test
    void setAlias_and_rollback_should_move_the_alias_and_back() {
        // GIVEN two validated versions and the staging alias on the first
        String model = "adm-alias";
        registerValidated(model, "1.0.0", IRIS_100);
        registerValidated(model, "1.1.0", IRIS_110);
        JsonNode created = ok(call("aliases/set", body("model", model, "alias", "staging", "version", "1.0.0")));
        assertThat(created.path("revision").asLong()).isEqualTo(1);

        // WHEN it is moved to the second, a stale move is tried, and it is rolled back
        JsonNode moved = ok(call("aliases/set", body("model", model, "alias", "staging", "version", "1.1.0",
                "revision", 1)));
        assertJsonError(call("aliases/set", body("model", model, "alias", "staging", "version", "1.0.0",
                "revision", 1)), 409);
        JsonNode rolledBack = ok(call("aliases/rollback", body("model", model, "alias", "staging",
                "reason", "error-rate alarm")));

        // THEN each step names the version and the one before
        assertThat(moved.path("version").asText()).isEqualTo("1.1.0");
        assertThat(moved.path("previousVersion").asText()).isEqualTo("1.0.0");
        assertThat(rolledBack.path("version").asText()).isEqualTo("1.0.0");
        assertThat(rolledBack.path("previousVersion").asText()).isEqualTo("1.1.0");
        assertThat(rolledBack.path("revision").asLong()).isEqualTo(3);
        JsonNode event = ok(call("audit", body("subject", "model:" + model, "limit", 1))).path("events").get(0);
        assertThat(event.path("action").asText()).isEqualTo("set-alias");
        assertThat(event.path("reason").asText()).isEqualTo("error-rate alarm");
        assertThat(event.path("actor").asText()).isEqualTo("token-holder");
        assertThat(event.path("from").path("version").asText()).isEqualTo("1.1.0");
        assertThat(event.path("to").path("version").asText()).isEqualTo("1.0.0");
    }

    @Test
    void aliasHistory_should_list_the_moves_newest_first_and_answer_404_for_an_unknown_alias() {
        // GIVEN an alias created, moved and rolled back
        String model = "adm-alias-history";
        registerValidated(model, "1.0.0", IRIS_100);
        registerValidated(model, "1.1.0", IRIS_110);
        ok(call("aliases/set", body("model", model, "alias", "production", "version", "1.0.0")));
        ok(call("aliases/set", body("model", model, "alias", "production", "version", "1.1.0", "revision", 1,
                "reason", "release 1.1.0")));
        ok(call("aliases/rollback", body("model", model, "alias", "production", "reason", "error-rate alarm")));

        // WHEN its history is read two moves at a time
        JsonNode first = ok(call("aliases/history", body("model", model, "alias", "production", "limit", 2)));
        JsonNode second = ok(call("aliases/history", body("model", model, "alias", "production", "limit", 2,
                "after", first.path("next").asText())));

        // THEN the moves come newest first with the version before, who and why
        assertThat(first.path("moves")).hasSize(2);
        assertThat(first.path("moves").get(0).path("version").asText()).isEqualTo("1.0.0");
        assertThat(first.path("moves").get(0).path("previousVersion").asText()).isEqualTo("1.1.0");
        assertThat(first.path("moves").get(0).path("reason").asText()).isEqualTo("error-rate alarm");
        assertThat(first.path("moves").get(0).path("actor").asText()).isEqualTo("token-holder");
        assertThat(first.path("moves").get(1).path("version").asText()).isEqualTo("1.1.0");
        assertThat(second.path("moves")).hasSize(1);
        assertThat(second.path("moves").get(0).path("previousVersion").isNull()).isTrue();
        assertThat(second.path("next").isNull()).isTrue();
        // AND an unknown alias or model is a 404, a missing alias name a 400, each with a JSON error
        assertJsonError(call("aliases/history", body("model", model, "alias", "staging")), 404, "no alias");
        assertJsonError(call("aliases/history", body("model", "adm-no-such-model", "alias", "production")), 404);
        assertJsonError(call("aliases/history", body("model", model)), 400, "alias");
        assertJsonError(call("aliases/history", body("model", model, "alias", "production", "after", "nonsense")), 400);
    }

    @Test
    void startRollout_should_watch_the_promoted_version_for_30_minutes_unless_told_otherwise() {
        // GIVEN an endpoint on one validated version and another validated version
        String model = "adm-watch";
        registerValidated(model, "1.0.0", IRIS_100);
        registerValidated(model, "1.1.0", IRIS_110);
        String endpoint = "adm-watch-ep";
        ok(put(endpoint, variant("stable", model, "1.0.0", 10_000)));

        // WHEN a rollout starts without a watch, and another is refused a negative one
        JsonNode started = ok(call("rollouts/start", body("endpoint", endpoint, "version", "1.1.0",
                "steps", (JsonNode) TensorJson.MAPPER.valueToTree(List.of(1000, 10000)), "bakeSeconds", 60)));
        ok(call("rollouts/abort", body("endpoint", endpoint, "reason", "test")));
        JsonNode unwatched = ok(call("rollouts/start", body("endpoint", endpoint, "version", "1.1.0",
                "steps", (JsonNode) TensorJson.MAPPER.valueToTree(List.of(1000, 10000)), "watchSeconds", 0)));

        // THEN the first watches for 1800 s, the second not at all; a negative watch is a 400 with a JSON error
        assertThat(started.path("rollout").path("state").asText()).isEqualTo("ARMING");
        assertThat(started.path("rollout").path("watchSeconds").asLong()).isEqualTo(1800);
        assertThat(started.path("rollout").path("replaced").isNull()).isTrue();
        assertThat(unwatched.path("rollout").path("watchSeconds").asLong()).isZero();
        ok(call("rollouts/abort", body("endpoint", endpoint, "reason", "test")));
        assertJsonError(call("rollouts/start", body("endpoint", endpoint, "version", "1.1.0",
                "steps", (JsonNode) TensorJson.MAPPER.valueToTree(List.of(1000, 10000)), "watchSeconds", -1)), 400, "watchSeconds");
    }

    @Test
    void archive_should_answer_409_while_the_version_is_in_use_and_archive_it_once_it_is_not() {
        // GIVEN a version an endpoint uses at weight 0, and another that takes the traffic
        String model = "adm-archive";
        registerValidated(model, "1.0.0", IRIS_100);
        registerValidated(model, "1.1.0", IRIS_110);
        String endpoint = "adm-archive-ep";
        ok(put(endpoint, variant("stable", model, "1.1.0", 10_000), variant("old", model, "1.0.0", 0)));

        // WHEN it is archived / THEN 409 and it stays VALIDATED
        assertJsonError(call("versions/archive", body("model", model, "version", "1.0.0")), 409, "endpoint");
        assertThat(describeVersion(model, "1.0.0").path("state").asText()).isEqualTo("VALIDATED");

        // AND once the endpoint no longer names it, it is archived, with the reason
        ok(put(endpoint, 1, variant("stable", model, "1.1.0", 10_000)));
        JsonNode archived = ok(call("versions/archive", body("model", model, "version", "1.0.0",
                "reason", "superseded")));
        assertThat(archived.path("state").asText()).isEqualTo("ARCHIVED");
        assertThat(archived.path("stateReason").asText()).isEqualTo("superseded");
    }

    @Test
    void cleanup_should_name_what_it_would_delete_on_a_dry_run_and_delete_it_with_its_artifact_for_real() {
        // GIVEN three uploaded versions, the oldest behind the staging alias
        String model = "adm-cleanup";
        registerValidated(model, "1.0.0", IRIS_110);
        registerValidated(model, "1.1.0", IRIS_110);
        registerValidated(model, "1.2.0", IRIS_110);
        ok(call("aliases/set", body("model", model, "alias", "staging", "version", "1.0.0")));
        Path artifact110 = RegistryTestResource.bucket().resolve(model + "/1.1.0/model.onnx");

        // WHEN a dry run keeps the newest one
        JsonNode dryRun = ok(call("cleanup", body("model", model, "keep", 1, "dryRun", true)));

        // THEN it names 1.1.0 and deletes nothing
        assertThat(texts(dryRun.path("deleted"))).containsExactly("1.1.0");
        assertThat(texts(dryRun.path("kept"))).containsExactly("1.2.0", "1.0.0");
        assertThat(dryRun.path("dryRun").asBoolean()).isTrue();
        assertThat(describeVersion(model, "1.1.0").path("state").asText()).isEqualTo("VALIDATED");
        assertThat(artifact110).exists();

        // WHEN it is run for real
        JsonNode real = ok(call("cleanup", body("model", model, "keep", 1)));

        // THEN 1.1.0 and its artifact are gone; the others stay
        assertThat(texts(real.path("deleted"))).containsExactly("1.1.0");
        assertThat(real.path("dryRun").asBoolean()).isFalse();
        assertJsonError(call("versions/describe", body("model", model, "version", "1.1.0")), 404);
        assertThat(artifact110).doesNotExist();
        assertThat(RegistryTestResource.bucket().resolve(model + "/1.0.0/model.onnx")).exists();
        assertThat(RegistryTestResource.bucket().resolve(model + "/1.2.0/model.onnx")).exists();
        assertThat(ok(call("audit", body("subject", "model:" + model, "limit", 1))).path("events").get(0)
                .path("action").asText()).isEqualTo("delete-version");
        assertJsonError(call("cleanup", body("model", model, "keep", 0)), 400, "keep");
    }

    @Test
    void cleanup_should_keep_an_artifact_a_remaining_version_uses() {
        // GIVEN 1.0.0 in production, 1.1.0 on 1.0.0's very file (written to the registry directly: registration
        // refuses another version's key now, but items from before may share one), and a newer 1.2.0
        String model = "adm-shared";
        registerValidated(model, "1.0.0", IRIS_110);
        ok(call("versions/promote", body("model", model, "version", "1.0.0")));
        TestRegistry.register(TestRegistry.withArtifact(TestRegistry.copyOf("iris/1.1.0", model + "/1.1.0"),
                "local:" + model + "/1.0.0/model.onnx"));
        registerValidated(model, "1.2.0", IRIS_110);

        // WHEN the model is cleaned up keeping the newest one
        JsonNode cleanup = ok(call("cleanup", body("model", model, "keep", 1)));

        // THEN 1.1.0 is deleted, but the production version's file is still there
        assertThat(texts(cleanup.path("deleted"))).containsExactly("1.1.0");
        assertThat(RegistryTestResource.bucket().resolve(model + "/1.0.0/model.onnx")).exists();
    }

    @Test
    void compare_should_answer_metrics_side_by_side_with_deltas_and_differences() {
        // GIVEN iris 1.0.0 and 1.1.0 registered under a model of this test
        String model = "adm-compare";
        registerValidated(model, "1.0.0", IRIS_100);
        registerValidated(model, "1.1.0", IRIS_110);

        // WHEN they are compared
        JsonNode comparison = ok(call("versions/compare", body("model", model, "a", "1.0.0", "b", "1.1.0")));

        // THEN each metric has both values and the delta; the signatures are equal; the artifacts differ
        JsonNode accuracy = StreamSupport.stream(comparison.path("metrics").spliterator(), false)
                .filter(m -> m.path("name").asText().equals("accuracy")).findFirst().orElseThrow();
        assertThat(accuracy.path("a").asDouble()).isEqualTo(0.733333);
        assertThat(accuracy.path("b").asDouble()).isEqualTo(0.911111);
        assertThat(accuracy.path("delta").asDouble()).isEqualTo(0.177778);
        assertThat(comparison.path("signatureEqual").asBoolean()).isTrue();
        assertThat(texts(comparison.path("differences"))).contains("artifact", "training", "lineage");
        assertThat(comparison.path("a").path("version").asText()).isEqualTo("1.0.0");
        assertJsonError(call("versions/compare", body("model", model, "a", "1.0.0", "b", "9.9.9")), 404);
    }

    @Test
    void describe_should_show_a_model_with_its_versions_aliases_and_endpoints() {
        // GIVEN a model with a version, an alias and an endpoint
        String model = "adm-describe";
        registerValidated(model, "1.0.0", IRIS_110);
        ok(call("aliases/set", body("model", model, "alias", "production", "version", "1.0.0")));
        ok(put("adm-describe-ep", variant("stable", model, "1.0.0", 10_000)));

        // WHEN the model, the version and the endpoint are described
        JsonNode described = ok(call("models/describe", body("model", model)));
        JsonNode version = describeVersion(model, "1.0.0");
        JsonNode endpoint = describeEndpoint("adm-describe-ep");

        // THEN each shows what was stored
        assertThat(described.path("name").asText()).isEqualTo(model);
        assertThat(texts(described.path("versions"), "version")).containsExactly("1.0.0");
        assertThat(texts(described.path("aliases"), "alias")).containsExactly("production");
        assertThat(texts(described.path("endpoints"))).containsExactly("adm-describe-ep");
        assertThat(version.path("signature").path("inputs").get(0).path("name").asText()).isEqualTo("input");
        assertThat(version.path("card").path("training").path("algorithm").asText())
                .isEqualTo("sklearn.neural_network.MLPClassifier");
        assertThat(endpoint.path("variants").get(0).path("model").asText()).isEqualTo(model);
        assertThat(endpoint.path("backend").asText()).isEqualTo("lambda");
        assertJsonError(call("models/describe", body("model", "adm-nosuch")), 404);
        assertJsonError(call("endpoints/describe", body("endpoint", "adm-nosuch")), 404);
    }

    @Test
    void audit_should_list_a_models_changes_newest_first_with_who_and_why() {
        // GIVEN a registered version, then archived
        String model = "adm-audit";
        registerValidated(model, "1.0.0", IRIS_110);
        ok(call("versions/archive", body("model", model, "version", "1.0.0", "reason", "not needed")));

        // WHEN its trail is read
        JsonNode events = ok(call("audit", body("subject", "model:" + model))).path("events");

        // THEN it lists creation, validation and archive, newest first, by the token holder
        assertThat(events).extracting(e -> e.path("action").asText())
                .containsExactly("transition", "transition", "create-version");
        assertThat(events.get(0).path("to").path("state").asText()).isEqualTo("ARCHIVED");
        assertThat(events.get(0).path("from").path("state").asText()).isEqualTo("VALIDATED");
        assertThat(events.get(0).path("reason").asText()).isEqualTo("not needed");
        assertThat(events.get(2).path("from").isNull()).isTrue();
        assertThat(events).allSatisfy(e -> assertThat(e.path("actor").asText()).isEqualTo("token-holder"));
        assertJsonError(call("audit", body("subject", model)), 400, "subject");
    }

    // ------------------------------------------------------------------------------- helpers

    private static RequestSpecification authed() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType("application/json");
    }

    private static Response call(String function, JsonNode body) {
        return authed().body(body.toString()).post("/admin/" + function);
    }

    private static Response call(String function, JsonNode body, String idempotencyKey) {
        return authed().header(AdminCalls.IDEMPOTENCY_HEADER, idempotencyKey).body(body.toString())
                .post("/admin/" + function);
    }

    private static JsonNode ok(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return TensorJson.parse(response.asString());
    }

    /** A JSON object of name/value pairs (strings, numbers, booleans or JSON). */
    private static ObjectNode body(Object... pairs) {
        ObjectNode node = TensorJson.MAPPER.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            String name = (String) pairs[i];
            Object value = pairs[i + 1];
            if (value instanceof JsonNode json) {
                node.set(name, json);
            } else if (value instanceof Integer n) {
                node.put(name, n);
            } else if (value instanceof Boolean b) {
                node.put(name, b);
            } else if (value instanceof Double d) {
                node.put(name, d);
            } else {
                node.put(name, (String) value);
            }
        }
        return node;
    }

    private static ArrayNode array(JsonNode... items) {
        ArrayNode array = TensorJson.MAPPER.createArrayNode();
        for (JsonNode item : items) {
            array.add(item);
        }
        return array;
    }

    private static ObjectNode variant(String name, String model, String version, int weight) {
        return body("name", name, "model", model, "version", version, "weight", weight);
    }

    private static Response put(String endpoint, JsonNode... variants) {
        return call("endpoints/put", body("endpoint", endpoint, "variants", array(variants)));
    }

    private static Response put(String endpoint, int revision, JsonNode... variants) {
        return call("endpoints/put", body("endpoint", endpoint, "revision", revision, "variants", array(variants)));
    }

    private static Response weights(String endpoint, int revision, Object... nameWeightPairs) {
        return call("endpoints/weights", body("endpoint", endpoint, "revision", revision,
                "weights", body(nameWeightPairs)));
    }

    private static Response transition(String model, String version, String state) {
        return call("versions/transition", body("model", model, "version", version, "state", state));
    }

    private static JsonNode describeVersion(String model, String version) {
        return ok(call("versions/describe", body("model", model, "version", version)));
    }

    private static JsonNode describeEndpoint(String endpoint) {
        return ok(call("endpoints/describe", body("endpoint", endpoint)));
    }

    private static int auditSize(String subject) {
        return ok(call("audit", body("subject", subject, "limit", 500))).path("events").size();
    }

    private static JsonNode modelSummary(String model) {
        for (JsonNode m : ok(call("models", body())).path("models")) {
            if (m.path("name").asText().equals(model)) {
                return m;
            }
        }
        return null;
    }

    private static Response infer(String endpoint) {
        return given().contentType("application/json").body(IRIS_INFER).post("/v2/models/" + endpoint + "/infer");
    }

    private static JsonNode prepare(String model, String version) {
        return ok(call("uploads/prepare", body("model", model, "version", version)));
    }

    /** Sends the bytes to the ticket's path on this server (its host is the configured public URL). */
    private static void upload(JsonNode ticket, byte[] bytes) {
        Response uploaded = given().contentType("application/octet-stream").body(bytes)
                .put(URI.create(ticket.path("url").asText()).getRawPath());
        assertThat(uploaded.statusCode()).as(uploaded.asString()).isEqualTo(200);
    }

    /** Uploads a sample's artifact as model/version and registers it with its card and reference: VALIDATED. */
    private static JsonNode registerValidated(String model, String version, ModelKey sample) {
        JsonNode ticket = prepare(model, version);
        upload(ticket, artifact(sample));
        JsonNode registered = ok(call("versions/register", body("model", model, "version", version,
                "source", ticket.path("location").asText(), "card", card(sample, model, version),
                "reference", reference(sample, model, version))));
        assertThat(registered.path("state").asText()).isEqualTo("VALIDATED");
        return registered;
    }

    /** Uploads iris 1.1.0's artifact with one byte changed and registers it with its card: FAILED (422). */
    private static void registerTampered(String model, String version) {
        byte[] tampered = artifact(IRIS_110);
        tampered[tampered.length / 2] ^= 0x01;
        JsonNode ticket = prepare(model, version);
        upload(ticket, tampered);
        Response answer = call("versions/register", body("model", model, "version", version,
                "source", ticket.path("location").asText(), "card", card(IRIS_110, model, version)));
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(422);
    }

    private static ObjectNode card(ModelKey sample, String model, String version) {
        ObjectNode card = (ObjectNode) readJson(SampleModels.folder(sample).resolve("model.json"));
        card.put("name", model);
        card.put("version", version);
        return card;
    }

    private static ObjectNode reference(ModelKey sample, String model, String version) {
        ObjectNode reference = (ObjectNode) readJson(SampleModels.folder(sample).resolve("reference.json"));
        reference.put("model", model);
        reference.put("version", version);
        return reference;
    }

    private static byte[] artifact(ModelKey sample) {
        try {
            return Files.readAllBytes(SampleModels.modelFile(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return TensorJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.path(field).asText()));
        return texts;
    }
}
