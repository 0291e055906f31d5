package io.modelfn.api.reliability.faults;

import static io.modelfn.api.testing.ErrorAssertions.assertJsonError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.Eventually;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.TensorJson;
import io.modelfn.api.testing.TestRegistry;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.store.ModelStore;
import io.modelfn.registry.dynamodb.DynamoDbModelRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults injected into the running application's own AWS clients ({@link Faults}: an SDK
 * ExecutionInterceptor on every attempt), while the tests check the registry through a client of
 * their own:
 * <ul>
 *   <li>DynamoDB down or throttled: warm predictions keep serving from the last good registry snapshot
 *       up to the staleness cap, then 503 with a message that says so; serving resumes with the
 *       registry. Admin writes answer 503 and leave nothing half-written.</li>
 *   <li>S3 down or slow: loaded versions keep serving without an S3 call; a cold load fails within
 *       its deadline with 503 and succeeds once S3 answers again.</li>
 * </ul>
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
@TestProfile(FaultsProfile.class)
class FaultInjectionIT {

    private static final String IRIS_BODY =
            "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}]}";
    private static final String DIGITS_BODY = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,1,8,8],"
            + "\"data\":[" + String.join(",", java.util.Collections.nCopies(64, "3")) + "]}]}";
    private static final String ADMIN_TOKEN = "test-admin-token";

    @Inject
    ModelStore store;

    private final ModelRegistry registry = new DynamoDbModelRegistry(RegistryTestResource.client(),
            RegistryTestResource.TABLE, Clock.systemUTC());

    @BeforeEach
    @AfterEach
    void heal() {
        Faults.reset();
    }

    // ---------------------------------------------------------------------------- DynamoDB

    @ParameterizedTest
    @EnumSource(value = Faults.Mode.class, names = {"DOWN", "THROTTLED"})
    void warm_prediction_should_serve_the_last_snapshot_up_to_the_staleness_cap_then_answer_503(Faults.Mode mode) {
        // GIVEN an endpoint whose version is loaded and answering
        String endpoint = "faults-registry-" + mode.name().toLowerCase(Locale.ROOT);
        endpointOn(endpoint, s3Version("faults-iris/1.0.0", "iris/1.0.0"));
        // (the first load may outlast the 1 s load deadline on a busy machine: the load goes on, so ask again)
        Eventually.await(endpoint + " answering", Duration.ofSeconds(30), () -> infer(endpoint).statusCode() == 200);

        // WHEN DynamoDB goes down (or throttles every call) and requests keep coming
        long down = System.nanoTime();
        Faults.DYNAMODB.set(mode);
        List<long[]> answers = new ArrayList<>(); // {millis since the fault, status}
        String firstRefusal = null;
        while (millisSince(down) < FaultsProfile.STALENESS_CAP_MILLIS + 1500) {
            Response response = infer(endpoint);
            answers.add(new long[] {millisSince(down), response.statusCode()});
            if (response.statusCode() == 503 && firstRefusal == null) {
                firstRefusal = response.asString();
            }
            Eventually.pause(Duration.ofMillis(50));
        }

        // THEN it answers 200 from the last good snapshot, then 503 once that is older than the cap, nothing else
        long lastOk = answers.stream().filter(a -> a[1] == 200).mapToLong(a -> a[0]).max().orElse(-1);
        long firstRefused = answers.stream().filter(a -> a[1] == 503).mapToLong(a -> a[0]).min().orElse(-1);
        System.out.printf("registry %s: served from the last snapshot for %d ms after the fault, first 503 at %d ms "
                + "(staleness cap %d ms, refresh every %d ms); %d requests, DynamoDB attempts %d%n", mode, lastOk,
                firstRefused, FaultsProfile.STALENESS_CAP_MILLIS, FaultsProfile.REFRESH_MILLIS, answers.size(),
                Faults.DYNAMODB.attempts());
        assertThat(answers).allSatisfy(a -> assertThat(a[1]).isIn(200L, 503L));
        assertThat(lastOk).isLessThan(firstRefused);
        // (the last good read finished up to one refresh interval plus one read before the fault)
        assertThat(lastOk).isGreaterThanOrEqualTo(FaultsProfile.STALENESS_CAP_MILLIS - FaultsProfile.REFRESH_MILLIS - 500);
        assertThat(firstRefused).isLessThanOrEqualTo(FaultsProfile.STALENESS_CAP_MILLIS + 500);
        assertThat(TensorJson.parse(firstRefusal).path("error").asText())
                .contains("registry is unavailable").contains("limit 3 s");

        // AND when DynamoDB answers again, serving resumes within about one refresh
        long healed = System.nanoTime();
        Faults.reset();
        Eventually.await("serving again", Duration.ofSeconds(5), () -> infer(endpoint).statusCode() == 200);
        System.out.printf("registry %s healed: serving again after %d ms%n", mode, millisSince(healed));
    }

    @ParameterizedTest
    @EnumSource(value = Faults.Mode.class, names = {"DOWN", "THROTTLE_TRANSACTIONS"})
    void admin_write_should_answer_503_and_write_nothing_while_dynamodb_fails(Faults.Mode mode) {
        // GIVEN an endpoint at a known revision, and the number of items in the registry table
        String endpoint = "faults-admin-" + mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
        EndpointConfig before = endpointOn(endpoint, s3Version("faults-iris/1.0.0", "iris/1.0.0"),
                s3Version("faults-iris/1.1.0", "iris/1.1.0"));
        int itemsBefore = tableItems();
        int auditBefore = audit(endpoint);
        String key = "faults-" + mode.name().toLowerCase(Locale.ROOT);

        // WHEN an operator changes its weights (with an idempotency key) while DynamoDB fails
        Faults.DYNAMODB.set(mode);
        Response refused = setWeights(endpoint, 5000, 5000, null, key);
        Faults.reset();

        // THEN 503 with a message, and not one item was written or changed
        assertJsonError(refused, 503, "registry");
        assertThat(tableItems()).as("items in the registry table").isEqualTo(itemsBefore);
        EndpointConfig after = registry.endpoint(endpoint).orElseThrow();
        assertThat(after.revision()).isEqualTo(before.revision());
        assertThat(after.variants()).isEqualTo(before.variants());
        assertThat(audit(endpoint)).isEqualTo(auditBefore);

        // AND the same call retried with the same key once DynamoDB is back is applied, once
        assertThat(setWeights(endpoint, 5000, 5000, null, key).statusCode()).isEqualTo(200);
        assertThat(registry.endpoint(endpoint).orElseThrow().revision()).isEqualTo(before.revision() + 1);
        assertThat(audit(endpoint)).isEqualTo(auditBefore + 1);
    }

    @Test
    void admin_write_whose_responses_are_lost_should_leave_the_whole_change_and_refuse_a_blind_repeat() {
        // GIVEN an endpoint at a known revision
        String endpoint = "faults-admin-lost";
        EndpointConfig before = endpointOn(endpoint, s3Version("faults-iris/1.0.0", "iris/1.0.0"),
                s3Version("faults-iris/1.1.0", "iris/1.1.0"));
        int auditBefore = audit(endpoint);

        // WHEN its weights change at that revision, the transaction reaches the table, and every response is lost
        Faults.DYNAMODB.set(Faults.Mode.LOSE_TRANSACTION_RESPONSES);
        Response unknownOutcome = setWeights(endpoint, 7000, 3000, before.revision(), null);
        Faults.reset();

        // THEN the caller gets 503 (the outcome is unknown to it), and the table holds the whole change with
        // its audit event, never one without the other
        assertJsonError(unknownOutcome, 503, "registry");
        EndpointConfig after = registry.endpoint(endpoint).orElseThrow();
        assertThat(after.revision()).isEqualTo(before.revision() + 1);
        assertThat(after.variant(Variant.CANARY).orElseThrow().weight()).isEqualTo(3000);
        assertThat(audit(endpoint)).isEqualTo(auditBefore + 1);

        // AND repeating the call at the revision it read is refused (409), not applied twice
        assertJsonError(setWeights(endpoint, 7000, 3000, before.revision(), null), 409);
        assertThat(audit(endpoint)).isEqualTo(auditBefore + 1);
    }

    @Test
    void admin_write_whose_response_is_lost_should_refuse_a_retry_with_the_same_idempotency_key() {
        // GIVEN an endpoint, and a weight change sent with an idempotency key and without a revision
        String endpoint = "faults-admin-lost-key";
        EndpointConfig before = endpointOn(endpoint, s3Version("faults-key-iris/1.0.0", "iris/1.0.0"),
                s3Version("faults-key-iris/1.1.0", "iris/1.1.0"));
        int auditBefore = audit(endpoint);
        String key = "lost-" + System.nanoTime();

        // WHEN the transaction reaches the table and its response is lost
        Faults.DYNAMODB.set(Faults.Mode.LOSE_TRANSACTION_RESPONSES);
        Response unknownOutcome = setWeights(endpoint, 6000, 4000, null, key);
        Faults.reset();
        assertJsonError(unknownOutcome, 503, "may or may not have been applied");

        // THEN a retry with the same key is refused, saying why, and the change is in the table once
        assertJsonError(setWeights(endpoint, 6000, 4000, null, key), 409, "may or may not have been applied");
        assertThat(registry.endpoint(endpoint).orElseThrow().revision()).isEqualTo(before.revision() + 1);
        assertThat(audit(endpoint)).isEqualTo(auditBefore + 1);
    }

    // ---------------------------------------------------------------------------------- S3

    @Test
    void loaded_versions_should_keep_serving_without_s3_while_it_is_down() {
        // GIVEN a loaded version
        String endpoint = "faults-s3-warm";
        endpointOn(endpoint, s3Version("faults-warm/1.0.0", "iris/1.0.0"));
        // (the first load may outlast the 1 s load deadline on a busy machine: the load goes on, so ask again)
        Eventually.await(endpoint + " answering", Duration.ofSeconds(30), () -> infer(endpoint).statusCode() == 200);

        // WHEN S3 is down
        int attemptsBefore = Faults.S3.attempts();
        Faults.S3.set(Faults.Mode.DOWN);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            statuses.add(infer(endpoint).statusCode());
        }

        // THEN every request is served, and none of them touched S3
        assertThat(statuses).containsOnly(200);
        assertThat(Faults.S3.attempts() - attemptsBefore).as("S3 calls while serving warm").isZero();
    }

    @Test
    void cold_load_should_fail_within_its_deadline_while_s3_is_down_and_succeed_when_it_returns() {
        // GIVEN a version nobody has loaded, and S3 down
        ModelVersion version = s3Version("faults-cold/1.0.0", "digits/1.0.0");
        Faults.S3.set(Faults.Mode.DOWN);

        // WHEN it is asked
        long start = System.nanoTime();
        Response refused = inferPinned(version.key(), DIGITS_BODY);
        long refusedAfter = millisSince(start);

        // THEN 503 within the load deadline
        assertJsonError(refused, 503, "not available");
        assertThat(refusedAfter).isLessThanOrEqualTo(FaultsProfile.LOAD_TIMEOUT_MILLIS + 500);

        // AND once S3 is back, the next request after the failure backoff loads and answers
        long healed = System.nanoTime();
        Faults.reset();
        Eventually.await("the cold load to succeed", Duration.ofSeconds(10),
                () -> inferPinned(version.key(), DIGITS_BODY).statusCode() == 200);
        System.out.printf("S3 down: cold load refused with 503 after %d ms (deadline %d ms); answered %d ms after S3 "
                + "returned (failure backoff %d ms)%n", refusedAfter, FaultsProfile.LOAD_TIMEOUT_MILLIS,
                millisSince(healed), FaultsProfile.FAILURE_BACKOFF_MILLIS);
    }

    @Test
    void cold_load_should_answer_503_at_its_deadline_while_s3_is_slow_and_serve_once_the_load_completes() {
        // GIVEN a version nobody has loaded, and S3 answering after 2.5 s
        ModelVersion version = s3Version("faults-slow/1.1.0", "iris/1.1.0");
        int opensBefore = FaultInjectingBeans.OpenCountingStore.OPENS.get();
        Faults.S3.slow(Duration.ofMillis(2500));

        // WHEN it is asked
        long start = System.nanoTime();
        Response refused = inferPinned(version.key(), IRIS_BODY);
        long refusedAfter = millisSince(start);

        // THEN 503 "still loading" at the deadline (1 s), not after S3's 2.5 s
        assertJsonError(refused, 503, "still loading");
        assertThat(refusedAfter).isBetween(FaultsProfile.LOAD_TIMEOUT_MILLIS - 50, FaultsProfile.LOAD_TIMEOUT_MILLIS + 700);

        // AND the load went on: a later request is served from it, with no second download
        Eventually.await("the slow load to finish", Duration.ofSeconds(10),
                () -> inferPinned(version.key(), IRIS_BODY).statusCode() == 200);
        long servedAfter = millisSince(start);
        assertThat(FaultInjectingBeans.OpenCountingStore.OPENS.get() - opensBefore).isEqualTo(1);
        System.out.printf("S3 slow (2500 ms): 503 at %d ms (deadline %d ms), served from the same load at %d ms%n",
                refusedAfter, FaultsProfile.LOAD_TIMEOUT_MILLIS, servedAfter);
    }

    @Test
    void profile_should_run_the_application_on_the_fault_injecting_store() {
        assertThat(store).isInstanceOf(FaultInjectingBeans.OpenCountingStore.class);
    }

    // ----------------------------------------------------------------------------- helpers

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** A version on one of the models in S3Proxy, registered (once) under its own name. */
    private static ModelVersion s3Version(String key, String sample) {
        ModelVersion version = TestRegistry.withArtifact(TestRegistry.copyOf(sample, key), S3ProxyTestResource.uriOf(sample));
        TestRegistry.register(version);
        return version;
    }

    /** Creates (or finds) an endpoint: stable on the first version, canary at weight 0 on the second. */
    private EndpointConfig endpointOn(String name, ModelVersion stable, ModelVersion... canary) {
        var existing = registry.endpoint(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(Variant.STABLE, stable.key(), Variant.TOTAL_WEIGHT));
        for (ModelVersion c : canary) {
            variants.add(new Variant(Variant.CANARY, c.key(), 0));
        }
        EndpointConfig created = registry.putEndpoint(new EndpointConfig(name, variants, null, "salt", null, 0, null), 0,
                Change.by("faults-test", "setup"));
        Eventually.await(name + " in the snapshot", Duration.ofSeconds(10),
                () -> given().get("/v2/models/" + name).statusCode() == 200);
        return created;
    }

    private static Response infer(String endpoint) {
        return given().contentType("application/json").body(IRIS_BODY).post("/v2/models/" + endpoint + "/infer");
    }

    private static Response inferPinned(ModelKey key, String body) {
        return given().contentType("application/json").body(body)
                .post("/v2/models/" + key.name() + "/versions/" + key.version() + "/infer");
    }

    private static Response setWeights(String endpoint, int stable, int canary, Long revision, String idempotencyKey) {
        String body = "{\"endpoint\":\"" + endpoint + "\",\"weights\":{\"stable\":" + stable + ",\"canary\":" + canary + "}"
                + (revision == null ? "" : ",\"revision\":" + revision) + ",\"reason\":\"fault test\"}";
        var request = given().contentType("application/json").header("Authorization", "Bearer " + ADMIN_TOKEN).body(body);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/admin/endpoints/weights");
    }

    private int audit(String endpoint) {
        return registry.audit(AuditEvent.endpointSubject(endpoint), 100).size();
    }

    private static int tableItems() {
        return RegistryTestResource.client().scan(b -> b.tableName(RegistryTestResource.TABLE).select("COUNT")).count();
    }
}
