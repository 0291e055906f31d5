package io.modelfn.registry.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.registry.RegistrySource;
import io.modelfn.core.registry.RegistryUnavailableException;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.PublishingModelRegistry;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.Registries;
import io.modelfn.inference.store.InProcessS3Proxy;
import io.modelfn.inference.store.LocalS3Clients;
import io.modelfn.registry.dynamodb.DynamoDbChangeMarker;
import io.modelfn.registry.dynamodb.DynamoDbLocalFixture;
import io.modelfn.registry.dynamodb.DynamoDbModelRegistry;
import io.modelfn.registry.dynamodb.DynamoDbRegistryReader;
import io.modelfn.registry.dynamodb.RegistryItemSet;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The snapshot object on S3Proxy, written from DynamoDB Local: published after every change, never
 * backwards, and what an environment that starts while DynamoDB is down serves from.
 */
class S3RegistrySnapshotPublisherIT {

    @RegisterExtension
    static final DynamoDbLocalFixture dynamo = new DynamoDbLocalFixture();

    private static final Instant START = Instant.parse("2026-12-05T16:00:00Z");
    private static final Change ALICE = Change.by("alice", "test");
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final String KEY = "registry/snapshot.json";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static InProcessS3Proxy proxy;
    private static S3Client s3;

    private final MutableClock clock = new MutableClock(START);
    private String bucket;
    private String table;
    private S3SnapshotObject object;
    private DynamoDbModelRegistry tableRegistry;
    private S3RegistrySnapshotPublisher publisher;

    @BeforeAll
    static void startS3() throws Exception {
        proxy = InProcessS3Proxy.start();
        s3 = LocalS3Clients.pointedAt(proxy.endpoint());
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
        proxy.close();
    }

    @BeforeEach
    void newBucketAndTable() {
        bucket = "models-" + BUCKETS.incrementAndGet();
        s3.createBucket(b -> b.bucket(bucket));
        table = dynamo.createRegistryTable();
        object = new S3SnapshotObject(s3, bucket, KEY);
        tableRegistry = new DynamoDbModelRegistry(dynamo.client(), table, clock);
        publisher = new S3RegistrySnapshotPublisher(new DynamoDbChangeMarker(dynamo.client(), table, true),
                new DynamoDbRegistryReader(dynamo.client(), table), object, clock, SETTLE);
    }

    private void createIrisEndpoint(io.modelfn.core.registry.write.ModelRegistry registry) {
        registry.createVersion(Registries.sample("iris/1.0.0").withState(LifecycleState.PRODUCTION), "{}", ALICE);
        registry.setAlias("iris", "production", "1.0.0", 0, ALICE);
        registry.putEndpoint(Registries.endpoint("iris", Registries.variant("stable", "iris/1.0.0", 10_000)), 0, ALICE);
    }

    @Test
    void every_change_should_leave_a_copy_tagged_with_its_revision_that_reads_as_the_table_does() {
        // GIVEN the registry with publication after each change
        PublishingModelRegistry registry = new PublishingModelRegistry(tableRegistry, publisher, () -> { });

        // WHEN a version, an alias and an endpoint are created
        createIrisEndpoint(registry);

        // THEN the object holds revision 3 and maps to the snapshot the table reader reads
        SnapshotDocument stored = object.read().orElseThrow().document();
        assertThat(stored.schemaVersion()).isEqualTo(1);
        assertThat(stored.registryRevision()).isEqualTo(3);
        assertThat(stored.changedAt()).isEqualTo(START);
        RegistrySnapshot fromObject = new S3SnapshotObjectReader(object).read();
        RegistrySnapshot fromTable = new DynamoDbRegistryReader(dynamo.client(), table).read();
        assertThat(fromObject.readAgainAt(Instant.EPOCH)).usingRecursiveComparison()
                .isEqualTo(fromTable.readAgainAt(Instant.EPOCH));
        assertThat(fromObject.alias("iris", "production")).contains("1.0.0");
        assertThat(registry.failedPublications()).isZero();
    }

    @Test
    void publish_should_leave_a_copy_of_a_newer_revision_alone() {
        // GIVEN a copy of revision 100 in the bucket (a writer that got there first)
        SnapshotDocument newer = new SnapshotDocument(1, 100, START, START.plusSeconds(10),
                new RegistryItemSet(List.of(), List.of(), List.of()));
        assertThat(object.write(newer, null)).isTrue();

        // WHEN a change at revision 1 is published
        tableRegistry.createVersion(Registries.sample("iris/1.0.0"), "{}", ALICE);
        publisher.publish();

        // THEN the newer copy is still there
        assertThat(object.read().orElseThrow().document()).isEqualTo(newer);
    }

    @Test
    void write_should_refuse_when_another_writer_replaced_the_object_since_it_was_read() {
        // GIVEN an object, read by two writers
        SnapshotDocument first = new SnapshotDocument(1, 1, START, START, new RegistryItemSet(List.of(), List.of(), List.of()));
        assertThat(object.write(first, null)).isTrue();
        String readByBoth = object.read().orElseThrow().eTag();
        SnapshotDocument a = new SnapshotDocument(1, 3, START, START, new RegistryItemSet(List.of(), List.of(), List.of()));
        SnapshotDocument b = new SnapshotDocument(1, 2, START, START, new RegistryItemSet(List.of(), List.of(), List.of()));

        // WHEN one writes, then the other writes on the same ETag, and a third creates as if none existed
        boolean aWrote = object.write(a, readByBoth);
        boolean bWrote = object.write(b, readByBoth);
        boolean createdAgain = object.write(b, null);

        // THEN only the first wrote
        assertThat(aWrote).isTrue();
        assertThat(bWrote).isFalse();
        assertThat(createdAgain).isFalse();
        assertThat(object.read().orElseThrow().document()).isEqualTo(a);
    }

    @Test
    void a_failed_snapshot_write_should_keep_the_change_count_it_and_the_repair_should_rewrite_it() {
        // GIVEN a publisher whose bucket does not exist yet
        S3SnapshotObject missingBucket = new S3SnapshotObject(s3, bucket + "-later", KEY);
        S3RegistrySnapshotPublisher failing = new S3RegistrySnapshotPublisher(
                new DynamoDbChangeMarker(dynamo.client(), table, true), new DynamoDbRegistryReader(dynamo.client(), table),
                missingBucket, clock, SETTLE);
        AtomicInteger metric = new AtomicInteger();
        PublishingModelRegistry registry = new PublishingModelRegistry(tableRegistry, failing, metric::incrementAndGet);

        // WHEN changes are made
        createIrisEndpoint(registry);

        // THEN they are committed, and each failed publication was counted
        assertThat(tableRegistry.endpoint("iris")).isPresent();
        assertThat(metric).hasValue(3);
        assertThatThrownBy(missingBucket::read).isInstanceOf(RegistryUnavailableException.class);

        // WHEN the bucket is back and the periodic repair runs
        s3.createBucket(b -> b.bucket(bucket + "-later"));
        clock.advance(Duration.ofMinutes(1));
        failing.publish();

        // THEN the copy holds every change
        assertThat(missingBucket.read().orElseThrow().document().registryRevision()).isEqualTo(3);
        assertThat(new S3SnapshotObjectReader(missingBucket).read().endpoints()).containsOnlyKeys("iris");
    }

    @Test
    void an_environment_starting_while_dynamodb_is_down_should_serve_the_snapshot_object_and_say_so() throws IOException {
        // GIVEN a copy written a minute ago, after the last change
        createIrisEndpoint(new PublishingModelRegistry(tableRegistry, publisher, () -> { }));
        clock.advance(Duration.ofMinutes(1));
        publisher.publish();
        clock.advance(Duration.ofMinutes(2));

        // WHEN an environment starts with DynamoDB unreachable (nothing listens on its port)
        List<String> emf = new CopyOnWriteArrayList<>();
        try (DynamoDbClient down = unreachableDynamoDb()) {
            RegistrySnapshotCache cache = new RegistrySnapshotCache(new DynamoDbRegistryReader(down, table), clock,
                    Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ofSeconds(30));
            cache.watchChanges(new DynamoDbChangeMarker(down, table, false), RegistrySnapshotCache.DEFAULT_SETTLE);
            cache.fallBackTo(new S3SnapshotObjectReader(object));
            cache.metrics(new EmfMetrics(emf::add, clock));
            boolean fromTable = cache.refresh();

            // THEN it serves the copy, two minutes old, and its metric names the source
            assertThat(fromTable).isFalse();
            assertThat(cache.source()).isEqualTo(RegistrySource.SNAPSHOT_OBJECT);
            assertThat(cache.current().endpoint("iris").orElseThrow().variants().get(0).model().version())
                    .isEqualTo("1.0.0");
            assertThat(emf).isNotEmpty();
            assertThat(emf.get(0)).contains("\"RegistrySource\":\"snapshot-object\"", "\"RegistrySnapshotAge\":120.0");

            // AND past the staleness cap it refuses, as a warm environment does
            clock.advance(Duration.ofMinutes(14));
            assertThatThrownBy(cache::current).isInstanceOf(RegistryUnavailableException.class);
        }
    }

    private static DynamoDbClient unreachableDynamoDb() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofMillis(500)).build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
