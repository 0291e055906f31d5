package io.modelfn.api.priming;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.clients.RebuildableClient;
import io.modelfn.api.testing.CapturedMetrics;
import io.modelfn.api.testing.CountingInferenceEngine;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.TestRegistry;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.routing.RandomBuckets;
import io.modelfn.registry.dynamodb.DynamoDbChangeMarker;
import io.modelfn.registry.dynamodb.RegistryItems;
import io.modelfn.registry.dynamodb.WriteStamp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SnapStart hooks, called as Lambda's CRaC runtime would call them (our JDK has no CRaC): before
 * the checkpoint the routed and pinned models are loaded and answer one real request each; after a
 * restore the AWS clients are new, routing and request ids are reseeded and the registry is read at once.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
@TestProfile(PrimingProfile.class)
class SnapStartPrimingIT {

    /** Pinned in {@link PrimingProfile}, registered only by the test. */
    static final String LATE_PINNED = "iris-primed/1.0.0";

    @Inject
    SnapStartPriming priming;

    @Inject
    ModelCache cache;

    @Inject
    RegistrySnapshotCache snapshots;

    @Inject
    CountingInferenceEngine engine;

    @Inject
    CapturedMetrics metrics;

    @Inject
    RandomBuckets buckets;

    @Inject
    RebuildableClient<DynamoDbClient> dynamoDb;

    @Inject
    RebuildableClient<S3Client> s3;

    @Test
    void startup_should_prime_the_pinned_models_before_readiness_when_priming_at_start_is_on() {
        // GIVEN the application started with modelfn.priming.at-start=true and iris/1.1.0 pinned
        ModelKey iris = ModelKey.parse("iris/1.1.0");

        // WHEN readiness is asked, before any request was sent
        int status = given().get("/v2/health/ready").statusCode();

        // THEN it is ready, and iris/1.1.0 has been loaded once and has already answered (no request was metered)
        assertThat(status).isEqualTo(200);
        assertThat(engine.loads(iris)).isEqualTo(1);
        assertThat(engine.inferences(iris)).isGreaterThanOrEqualTo(1);
        assertThat(metrics.lines()).noneMatch(line -> line.contains(PrimingRequests.REQUEST_ID));
    }

    @Test
    void startup_should_prime_the_versions_the_registry_routes_to_and_not_the_unrouted_ones() {
        // GIVEN the seeded registry: endpoint iris routes to iris/1.1.0, digits to digits/1.0.0 (not pinned);
        // iris/1.0.0 is registered but takes no traffic
        ModelKey digits = ModelKey.parse("digits/1.0.0");
        ModelKey olderIris = ModelKey.parse("iris/1.0.0");

        // WHEN readiness is asked, before any request was sent
        int status = given().get("/v2/health/ready").statusCode();

        // THEN the routed version was loaded and answered once, pinned or not; the unrouted one was not loaded
        assertThat(status).isEqualTo(200);
        assertThat(engine.loads(digits)).isEqualTo(1);
        assertThat(engine.inferences(digits)).isGreaterThanOrEqualTo(1);
        assertThat(engine.loads(olderIris)).isZero();
        assertThat(cache.isLoaded(olderIris)).isFalse();
    }

    @Test
    void beforeCheckpoint_should_load_each_pinned_model_and_run_one_request_through_it() {
        // GIVEN a pinned version registered after start-up: not in the application's snapshot, not loaded
        ModelVersion late = TestRegistry.copyOf("iris/1.1.0", LATE_PINNED);
        putVersion(late);
        assertThat(snapshots.current().version(late.key())).isEmpty();
        assertThat(cache.isLoaded(late.key())).isFalse();

        // WHEN Lambda is about to take the snapshot
        priming.beforeCheckpoint(null);

        // THEN the registry was read, the version loaded, and the real engine answered one request for it
        assertThat(snapshots.current().version(late.key())).isPresent();
        assertThat(cache.isLoaded(late.key())).isTrue();
        assertThat(engine.loads(late.key())).isEqualTo(1);
        assertThat(engine.inferences(late.key())).isEqualTo(1);
        // ...which counted as no traffic: no metrics record
        assertThat(metrics.lines()).noneMatch(line -> line.contains(PrimingRequests.REQUEST_ID));
    }

    @Test
    void afterRestore_should_rebuild_the_clients_reseed_routing_and_read_the_registry_at_once() {
        // GIVEN clients in use, and a version registered while "the snapshot was stored" (not in the snapshot)
        s3.get();
        int dynamoDbBuilds = dynamoDb.builds();
        int s3Builds = s3.builds();
        DynamoDbClient dynamoDbBefore = dynamoDb.get();
        int reseeds = buckets.reseeds();
        ModelVersion registeredMeanwhile = TestRegistry.copyOf("iris/1.1.0", "iris-restored/1.0.0");
        putVersion(registeredMeanwhile);
        assertThat(snapshots.current().version(registeredMeanwhile.key())).isEmpty();

        // WHEN Lambda restores the environment
        priming.afterRestore(null);

        // THEN both clients are new, the routing dice reseeded, and the registry read through the new client
        assertThat(dynamoDb.builds()).isEqualTo(dynamoDbBuilds + 1);
        assertThat(s3.builds()).isEqualTo(s3Builds + 1);
        assertThat(dynamoDb.get()).isNotSameAs(dynamoDbBefore);
        assertThat(buckets.reseeds()).isEqualTo(reseeds + 1);
        assertThat(snapshots.current().version(registeredMeanwhile.key())).isPresent();
        // ...and requests are served as before
        given().contentType("application/json").body(irisRequest())
                .post("/v2/models/iris-restored/versions/1.0.0/infer")
                .then().statusCode(200);
    }

    private static void putVersion(ModelVersion version) {
        RegistryTestResource.client().putItem(b -> b.tableName(RegistryTestResource.TABLE)
                .item(RegistryItems.versionItem(version, WriteStamp.first("priming-test", Instant.now()))));
        DynamoDbChangeMarker.markChanged(RegistryTestResource.client(), RegistryTestResource.TABLE, Instant.now());
    }

    private static String irisRequest() {
        try {
            return Files.readString(Path.of(System.getProperty("sample.models.dir")).getParent()
                    .resolve("samples/requests/oip-infer-iris-1.1.0.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
