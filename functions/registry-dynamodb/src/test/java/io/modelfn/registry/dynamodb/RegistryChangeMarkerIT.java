package io.modelfn.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.RegistryRevision;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.Mutation;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.Registries;
import io.modelfn.core.testkit.SampleModels;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The change marker moves with every registry change, and an unchanged registry costs one GetItem a refresh. */
class RegistryChangeMarkerIT {

    @RegisterExtension
    static final DynamoDbLocalFixture dynamo = new DynamoDbLocalFixture();

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final Change ALICE = Change.by("alice", "test");
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(START);

    @Test
    void every_registry_change_should_move_the_marker_by_one_in_its_own_transaction() {
        // GIVEN an empty registry table
        String table = dynamo.createRegistryTable();
        DynamoDbModelRegistry registry = new DynamoDbModelRegistry(dynamo.client(), table, clock);
        DynamoDbChangeMarker marker = new DynamoDbChangeMarker(dynamo.client(), table, true);
        assertThat(marker.current()).isEqualTo(RegistryRevision.NONE);

        // WHEN each write path of the registry runs once
        registry.createVersion(Registries.sample("iris/1.0.0"), "{}", ALICE);
        assertThat(marker.current().number()).isEqualTo(1);
        registry.createVersion(Registries.sample("iris/1.1.0"), "{}", ALICE);
        clock.advance(Duration.ofSeconds(1));
        registry.transition(ModelKey.parse("iris/1.0.0"), LifecycleState.PRODUCTION, "ok", 1, ALICE);
        assertThat(marker.current()).isEqualTo(new RegistryRevision(3, START.plusSeconds(1)));
        registry.setAlias("iris", "production", "1.0.0", 0, ALICE);
        registry.putEndpoint(Registries.endpoint("iris", Registries.variant("stable", "iris/1.0.0", 10_000)), 0, ALICE);
        assertThat(marker.current().number()).isEqualTo(5);
        // a rollback-like change: two mutations, one transaction, one step of the marker
        registry.atomically(List.of(
                new Mutation.SetAlias("iris", "production", "1.0.0", 1),
                new Mutation.Transition(ModelKey.parse("iris/1.1.0"), LifecycleState.ARCHIVED, "old", 1)), ALICE);
        assertThat(marker.current().number()).isEqualTo(6);
        registry.deleteVersion(ModelKey.parse("iris/1.1.0"), 2, ALICE);
        assertThat(marker.current().number()).isEqualTo(7);

        // AND a refused change moves nothing
        assertThatThrownBy(() -> registry.setAlias("iris", "production", "1.0.0", 0, ALICE))
                .isInstanceOf(ConflictException.class);
        assertThat(marker.current().number()).isEqualTo(7);
    }

    @Test
    void seeding_should_move_the_marker_once_when_it_wrote_something() {
        // GIVEN an empty registry table and the sample models
        String table = dynamo.createRegistryTable();
        RegistrySeeder seeder = new RegistrySeeder(dynamo.client(), table, clock);
        DynamoDbChangeMarker marker = new DynamoDbChangeMarker(dynamo.client(), table, true);
        Path models = SampleModels.root();

        // WHEN the folder is seeded twice
        seeder.seed(models, key -> io.modelfn.core.registry.ArtifactLocation.of("local:" + key.name() + "/"
                + key.version() + "/model.onnx"));
        RegistryRevision afterFirst = marker.current();
        seeder.seed(models, key -> io.modelfn.core.registry.ArtifactLocation.of("local:" + key.name() + "/"
                + key.version() + "/model.onnx"));

        // THEN the first seeding moved it once, the second (which wrote nothing) not at all
        assertThat(afterFirst.number()).isEqualTo(1);
        assertThat(marker.current().number()).isEqualTo(1);
    }

    @Test
    void an_unchanged_registry_should_cost_one_get_item_per_refresh_and_a_change_one_full_read() {
        // GIVEN DynamoDB Local over HTTP, a registry with an endpoint, and a serving client that counts its calls
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start()) {
            RegistryTableSchema.createTable(server.client(), "registry");
            DynamoDbModelRegistry admin = new DynamoDbModelRegistry(server.client(), "registry", clock);
            admin.createVersion(Registries.sample("iris/1.0.0").withState(LifecycleState.PRODUCTION), "{}", ALICE);
            admin.createVersion(Registries.sample("iris/1.1.0"), "{}", ALICE);
            admin.putEndpoint(Registries.endpoint("iris", Registries.variant("stable", "iris/1.0.0", 10_000)), 0, ALICE);
            CallCounter calls = new CallCounter();
            try (DynamoDbClient serving = countingClient(server.endpoint(), calls)) {
                RegistrySnapshotCache cache = new RegistrySnapshotCache(new DynamoDbRegistryReader(serving, "registry"),
                        clock, INTERVAL, Duration.ofMinutes(15), Duration.ofHours(1));
                cache.watchChanges(new DynamoDbChangeMarker(serving, "registry", false), RegistrySnapshotCache.DEFAULT_SETTLE);
                clock.advance(INTERVAL);
                cache.refresh();
                assertThat(calls.byOperation()).containsExactlyInAnyOrderEntriesOf(Map.of("GetItem", 1, "Query", 3));
                calls.reset();

                // WHEN 12 refresh intervals pass with no change
                for (int i = 0; i < 12; i++) {
                    clock.advance(INTERVAL);
                    cache.refresh();
                }

                // THEN each cost exactly one GetItem
                assertThat(calls.byOperation()).containsExactlyInAnyOrderEntriesOf(Map.of("GetItem", 12));
                calls.reset();

                // WHEN the endpoint moves to another version, and one interval passes
                admin.putEndpoint(Registries.endpoint("iris", Registries.variant("stable", "iris/1.1.0", 10_000)), 1,
                        ALICE);
                clock.advance(INTERVAL);
                cache.refresh();

                // THEN that refresh sees the change, at the cost of the marker and one full read
                assertThat(cache.current().endpoint("iris").orElseThrow().variants().get(0).model().version())
                        .isEqualTo("1.1.0");
                assertThat(calls.byOperation()).containsExactlyInAnyOrderEntriesOf(Map.of("GetItem", 1, "Query", 3));
            }
        }
    }

    private static DynamoDbClient countingClient(String endpoint, CallCounter counter) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
                .build();
    }

    /** Counts the API calls a client makes, by operation, at the client (paginated pages counted each). */
    static final class CallCounter implements ExecutionInterceptor {

        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                    name -> new AtomicInteger()).incrementAndGet();
        }

        Map<String, Integer> byOperation() {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            calls.forEach((name, count) -> counts.put(name, count.get()));
            return counts;
        }

        void reset() {
            calls.clear();
        }
    }
}
