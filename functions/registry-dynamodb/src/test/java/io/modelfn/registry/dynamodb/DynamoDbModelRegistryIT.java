package io.modelfn.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistryUnavailableException;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.Mutation;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.testkit.ModelRegistryContract;
import io.modelfn.core.testkit.MutableClock;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The {@link ModelRegistry} contract on DynamoDB Local (in process, through
 * {@link DynamoDbLocalFixture}), the race through DynamoDB Local's HTTP server, and what only the
 * DynamoDB adapter does: its item layout, time-to-live, retries of transaction conflicts and its
 * failures.
 */
class DynamoDbModelRegistryIT extends ModelRegistryContract {

    @RegisterExtension
    static final DynamoDbLocalFixture dynamo = new DynamoDbLocalFixture();

    @Override
    protected ModelRegistry newRegistry(MutableClock clock) {
        dynamo.createRegistryTable();
        return new DynamoDbModelRegistry(dynamo.client(), dynamo.tableName(), clock);
    }

    private Map<String, AttributeValue> item(String pk, String sk) {
        return dynamo.client().getItem(b -> b.tableName(dynamo.tableName()).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk)))).item();
    }

    private List<Map<String, AttributeValue>> partition(String pk) {
        return dynamo.client().query(b -> b.tableName(dynamo.tableName()).consistentRead(true)
                .keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))).items();
    }

    // -------------------------------------------------------------------------------- the race

    @Test
    void putEndpoint_should_let_exactly_one_of_50_writers_win_when_they_race_over_http() throws Exception {
        // GIVEN DynamoDB Local's HTTP server, and a registry on a url-connection client (one connection
        // per concurrent request) that counts how many transactions are in flight at once
        int port = freePort();
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {
                "-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
        server.start();
        TransactionProbe probe = new TransactionProbe();
        try (DynamoDbClient client = httpClient(port, probe)) {
            RegistryTableSchema.createTable(client, "registry");
            DynamoDbModelRegistry overHttp = new DynamoDbModelRegistry(client, "registry", clock);
            overHttp.putEndpoint(split("race", 10_000), 0, ALICE);

            // WHEN 50 writers race from the same revision, five times
            // THEN each round has exactly one winner, stored at revision + 1 with one event (checked inside)
            for (int round = 0; round < 5; round++) {
                EndpointConfig winner = raceOfPutEndpoints(overHttp, "race", RACERS);
                assertThat(winner.revision()).isEqualTo(round + 2);
            }
            assertThat(overHttp.endpoint("race").orElseThrow().revision()).isEqualTo(6);
            assertThat(overHttp.audit(AuditEvent.endpointSubject("race"), 100)).hasSize(6);
            // AND the requests really overlapped in the database
            System.out.printf("race over HTTP: at most %d transactions in flight; cancellations: %d condition, %d conflict%n",
                    probe.maxInFlight.get(), probe.conditionFailures.get(), probe.transactionConflicts.get());
            assertThat(probe.maxInFlight.get()).as("transactions in flight at once").isGreaterThan(1);
        } finally {
            server.stop();
        }
    }

    // ---------------------------------------------------------------------------- item layout

    @Test
    void putEndpoint_should_write_the_endpoint_item_and_its_event_in_the_endpoints_item_collection() {
        // GIVEN nothing
        // WHEN an endpoint is created with a request id
        registry.putEndpoint(split("iris", 9_000), 0, ALICE);

        // THEN the endpoint item carries revision and writer, the event sits beside it, keyed by time
        Map<String, AttributeValue> config = item("ENDPOINT#iris", "CONFIG");
        assertThat(config.get("revision").n()).isEqualTo("1");
        assertThat(config.get("updatedBy").s()).isEqualTo("alice");
        assertThat(config.get("updatedAt").s()).isEqualTo(START.toString());
        List<Map<String, AttributeValue>> events = partition("ENDPOINT#iris").stream()
                .filter(i -> i.get("SK").s().startsWith("EVENT#")).toList();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.get("SK").s()).isEqualTo("EVENT#2026-03-01T12:00:00.000Z#" + event.get("id").s());
            assertThat(event.get("at").s()).isEqualTo(START.toString());
            assertThat(event.get("subject").s()).isEqualTo("endpoint:iris");
            assertThat(event.get("action").s()).isEqualTo("put-endpoint");
            assertThat(event.get("actor").s()).isEqualTo("alice");
            assertThat(event).doesNotContainKey("from").doesNotContainKey("kind");
            assertThat(event.get("to").s()).contains("\"weight\":9000");
            assertThat(event.get("reason").s()).isEqualTo("first rollout");
            assertThat(event.get("requestId").s()).isEqualTo("req-1");
        });
    }

    @Test
    void a_rollback_should_write_endpoint_alias_move_transitions_and_events_in_one_transaction() {
        // GIVEN iris 1.1.0 promoted over 1.0.0 (alias production on 1.1.0, endpoint on 1.1.0)
        registry.createVersion(version("iris/1.0.0", LifecycleState.STAGING), "{}", ALICE);
        registry.createVersion(version("iris/1.1.0", LifecycleState.PRODUCTION), "{}", ALICE);
        registry.setAlias("iris", "production", "1.0.0", 0, ALICE);
        registry.setAlias("iris", "production", "1.1.0", 1, ALICE);
        registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        List<TransactWriteItemsRequest> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        DynamoDbClient delegate = dynamo.client();
        DynamoDbClient observed = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof TransactWriteItemsRequest request) {
                        sent.add(request);
                    }
                    if (method.isDefault() && (method.getName().endsWith("Paginator")
                            || args != null && args.length == 1 && args[0] instanceof java.util.function.Consumer)) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ModelRegistry rollback = new DynamoDbModelRegistry(observed, dynamo.tableName(), clock);

        // WHEN the rollback of the promotion is written as one change
        rollback.atomically(List.of(
                new Mutation.PutEndpoint(split("iris", 10_000), 1),
                new Mutation.SetAlias("iris", "production", "1.0.0", 2),
                new Mutation.Transition(ModelKey.parse("iris/1.1.0"), LifecycleState.VALIDATED, "rolled back", 1),
                new Mutation.Transition(ModelKey.parse("iris/1.0.0"), LifecycleState.PRODUCTION, "restored", 1)),
                Change.by("modelfn-rollout", "alarm modelfn-iris-stable-error-rate: breached"));

        // THEN one TransactWriteItems holds every item: 4 writes, the alias move, 4 events and the change marker
        assertThat(sent).singleElement().satisfies(request -> {
            List<String> keys = request.transactItems().stream().map(i -> i.put() != null
                    ? i.put().item().get("PK").s() + " " + i.put().item().get("SK").s()
                    : i.update().key().get("PK").s() + " " + i.update().key().get("SK").s()).toList();
            assertThat(keys).hasSize(10);
            assertThat(keys).contains("ENDPOINT#iris CONFIG", "MODEL#iris ALIAS#production", "REGISTRY REVISION");
            assertThat(keys).filteredOn(k -> k.startsWith("MODEL#iris ALIASMOVE#production#")).hasSize(1);
            assertThat(keys).filteredOn(k -> k.contains(" EVENT#")).hasSize(4);
        });
        // AND the move item sits in the model's item collection, out of the serving index, with who and why
        List<Map<String, AttributeValue>> moves = partition("MODEL#iris").stream()
                .filter(i -> i.get("SK").s().startsWith("ALIASMOVE#production#")).toList();
        assertThat(moves).hasSize(3);
        assertThat(moves).allSatisfy(m -> assertThat(m).doesNotContainKey("kind"));
        assertThat(rollback.aliasHistory("iris", "production", 1, null).moves()).singleElement().satisfies(m -> {
            assertThat(m.version()).isEqualTo("1.0.0");
            assertThat(m.previousVersion()).isEqualTo("1.1.0");
            assertThat(m.actor()).isEqualTo("modelfn-rollout");
            assertThat(m.reason()).contains("modelfn-iris-stable-error-rate");
        });
        assertThat(rollback.aliases("iris")).singleElement().extracting(a -> a.version()).isEqualTo("1.0.0");
    }

    @Test
    void aliasHistory_should_refuse_a_cursor_it_did_not_give() {
        assertThatThrownBy(() -> registry.aliasHistory("iris", "production", 10, "ALIAS#production"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.aliasHistory("iris", "production", 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writes_should_stay_readable_by_the_serving_paths_reader() {
        // GIVEN versions, an alias and an endpoint written through the admin side
        registry.createVersion(version("iris/1.0.0", LifecycleState.VALIDATED), "{}", ALICE);
        registry.createVersion(version("iris/1.1.0", LifecycleState.REGISTERED), "{}", ALICE);
        registry.transition(ModelKey.parse("iris/1.1.0"), LifecycleState.STAGING, "canary", 1, ALICE);
        registry.setAlias("iris", "production", "1.0.0", 0, ALICE);
        EndpointConfig endpoint = registry.putEndpoint(split("iris", 9_000), 0, ALICE);

        // WHEN the serving path reads the table
        RegistrySnapshot snapshot = new DynamoDbRegistryReader(dynamo.client(), dynamo.tableName()).read();

        // THEN it sees all of it, and no audit event or card got into its index
        assertThat(snapshot.endpoint("iris")).contains(endpoint);
        assertThat(snapshot.version(ModelKey.parse("iris/1.1.0")).orElseThrow().state()).isEqualTo(LifecycleState.STAGING);
        assertThat(snapshot.alias("iris", "production")).contains("1.0.0");
        int indexed = dynamo.client().scan(b -> b.tableName(dynamo.tableName()).indexName("kind-index")).count();
        assertThat(indexed).isEqualTo(4);
    }

    @Test
    void idempotent_should_keep_a_digest_of_the_key_with_a_day_of_time_to_live() {
        // GIVEN the registry table (time-to-live on "ttl", see RegistryTableSchemaIT)
        // WHEN a change runs under a key
        registry.idempotent("caller-key-with-secret-ish-text", "fp-a", () -> "{\"ok\":true}");

        // THEN the record is keyed by the key's SHA-256, holds the result, and expires a day later
        String pk = RegistryTableSchema.idempotencyPk("caller-key-with-secret-ish-text");
        assertThat(pk).matches("IDEMPOTENCY#[0-9a-f]{64}");
        Map<String, AttributeValue> record = item(pk, "RECORD");
        assertThat(record.get("status").s()).isEqualTo("COMPLETE");
        assertThat(record.get("fingerprint").s()).isEqualTo("fp-a");
        assertThat(record.get("response").s()).isEqualTo("{\"ok\":true}");
        assertThat(Long.parseLong(record.get("ttl").n())).isEqualTo(START.plus(Duration.ofHours(24)).getEpochSecond());
        assertThat(record.values()).noneMatch(v -> v.s() != null && v.s().contains("secret-ish"));
    }

    @Test
    void idempotent_should_leave_a_claim_that_expires_after_a_minute_while_the_mutation_runs() {
        // GIVEN a mutation that looks at the record while it runs
        String pk = RegistryTableSchema.idempotencyPk("key-1");

        // WHEN it runs under a key
        registry.idempotent("key-1", "fp-a", () -> {
            Map<String, AttributeValue> claim = item(pk, "RECORD");
            // THEN meanwhile the key is claimed, for a minute
            assertThat(claim.get("status").s()).isEqualTo("IN_PROGRESS");
            assertThat(Long.parseLong(claim.get("ttl").n())).isEqualTo(START.plusSeconds(60).getEpochSecond());
            return "done";
        });
    }

    @Test
    void deleteVersion_should_leave_no_card_item_behind() {
        // GIVEN a version with its card
        registry.createVersion(version("iris/1.0.0", LifecycleState.ARCHIVED), "{\"big\":\"card\"}", ALICE);

        // WHEN it is deleted
        registry.deleteVersion(ModelKey.parse("iris/1.0.0"), 1, BOB);

        // THEN only the two audit events remain in the model's item collection
        assertThat(partition("MODEL#iris")).extracting(i -> i.get("SK").s()).allMatch(sk -> sk.startsWith("EVENT#")).hasSize(2);
    }

    @Test
    void conflicts_should_name_the_item_and_revision_but_never_its_contents() {
        // GIVEN an endpoint with a secret-looking salt
        EndpointConfig endpoint = split("iris", 10_000);
        registry.putEndpoint(new EndpointConfig("iris", endpoint.variants(), null, "salt-s3cr3t", null, 0, null), 0, ALICE);

        // WHEN a stale writer changes it / THEN the message names endpoint and revision only
        assertThatThrownBy(() -> registry.putEndpoint(split("iris", 9_000), 5, BOB))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("endpoint 'iris'")
                .hasMessageContaining("revision 5")
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("weight");
    }

    // --------------------------------------------------------------------- transaction failures

    @Test
    void putEndpoint_should_retry_the_transaction_when_another_transaction_holds_the_item_for_a_moment() {
        // GIVEN a table whose first two transactions are cancelled for a transaction conflict
        registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        FailingTransactions failing = new FailingTransactions(dynamo.client(), 2, "TransactionConflict");
        DynamoDbModelRegistry contended = new DynamoDbModelRegistry(failing.client(), dynamo.tableName(), clock);

        // WHEN the endpoint is changed
        EndpointConfig stored = contended.putEndpoint(split("iris", 9_000), 1, BOB);

        // THEN the third attempt wrote it, once, with one event
        assertThat(failing.attempts).hasValue(3);
        assertThat(stored.revision()).isEqualTo(2);
        assertThat(registry.audit(AuditEvent.endpointSubject("iris"), 10)).hasSize(2);
    }

    @Test
    void putEndpoint_should_conflict_when_transaction_conflicts_persist() {
        // GIVEN a table where every transaction meets a transaction conflict
        registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        FailingTransactions failing = new FailingTransactions(dynamo.client(), Integer.MAX_VALUE, "TransactionConflict");
        DynamoDbModelRegistry contended = new DynamoDbModelRegistry(failing.client(), dynamo.tableName(), clock);

        // WHEN the endpoint is changed / THEN after six attempts the caller is told to re-read and retry
        assertThatThrownBy(() -> contended.putEndpoint(split("iris", 9_000), 1, BOB))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("endpoint 'iris'")
                .hasMessageContaining("6 attempts");
        assertThat(failing.attempts).hasValue(6);
        assertThat(registry.endpoint("iris").orElseThrow().revision()).isEqualTo(1);
    }

    @Test
    void putEndpoint_should_throw_registry_unavailable_when_the_transaction_is_throttled() {
        // GIVEN a table that throttles transactions
        registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        FailingTransactions failing = new FailingTransactions(dynamo.client(), Integer.MAX_VALUE, "ThrottlingError");
        DynamoDbModelRegistry throttled = new DynamoDbModelRegistry(failing.client(), dynamo.tableName(), clock);

        // WHEN the endpoint is changed / THEN the store is unavailable, no retry of ours, nothing written
        assertThatThrownBy(() -> throttled.putEndpoint(split("iris", 9_000), 1, BOB))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining(dynamo.tableName())
                .hasCauseInstanceOf(TransactionCanceledException.class);
        assertThat(failing.attempts).hasValue(1);
        assertThat(registry.audit(AuditEvent.endpointSubject("iris"), 10)).hasSize(1);
    }

    @Test
    void every_call_should_throw_registry_unavailable_when_the_table_does_not_exist() {
        // GIVEN a registry on a table nobody created
        DynamoDbModelRegistry missing = new DynamoDbModelRegistry(dynamo.client(), dynamo.newTableName(), clock);

        // WHEN it reads, writes or claims a key / THEN each failure is typed and keeps DynamoDB's answer
        assertThatThrownBy(() -> missing.endpoint("iris")).isInstanceOf(RegistryUnavailableException.class)
                .hasCauseInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(missing::endpoints).isInstanceOf(RegistryUnavailableException.class);
        assertThatThrownBy(() -> missing.versions("iris")).isInstanceOf(RegistryUnavailableException.class);
        assertThatThrownBy(() -> missing.createVersion(version("iris/1.0.0", LifecycleState.REGISTERED), "{}", ALICE))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("cannot be written");
        assertThatThrownBy(() -> missing.idempotent("key-1", "fp", () -> "x"))
                .isInstanceOf(RegistryUnavailableException.class);
    }

    // -------------------------------------------------------------------------------- helpers

    /** Cancels the first {@code failures} transactions with {@code code} on their first item; the rest go through. */
    private static final class FailingTransactions {

        final AtomicInteger attempts = new AtomicInteger();
        private final DynamoDbClient delegate;
        private final int failures;
        private final String code;

        FailingTransactions(DynamoDbClient delegate, int failures, String code) {
            this.delegate = delegate;
            this.failures = failures;
            this.code = code;
        }

        DynamoDbClient client() {
            return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                    new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                        if (method.getName().equals("transactWriteItems") && args.length == 1
                                && args[0] instanceof TransactWriteItemsRequest request) {
                            if (attempts.incrementAndGet() <= failures) {
                                throw cancelled(request.transactItems().size());
                            }
                            return delegate.transactWriteItems(request);
                        }
                        // Builder (Consumer) variants and paginators come back here through the request variants.
                        if (method.isDefault() && (method.getName().endsWith("Paginator")
                                || args != null && args.length == 1 && args[0] instanceof java.util.function.Consumer)) {
                            return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                        }
                        try {
                            return method.invoke(delegate, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        private TransactionCanceledException cancelled(int items) {
            List<CancellationReason> reasons = new java.util.ArrayList<>();
            reasons.add(CancellationReason.builder().code(code).message("injected").build());
            for (int i = 1; i < items; i++) {
                reasons.add(CancellationReason.builder().code("None").build());
            }
            return (TransactionCanceledException) TransactionCanceledException.builder()
                    .cancellationReasons(reasons)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException")
                            .errorMessage("Transaction cancelled (injected)").build())
                    .statusCode(400)
                    .build();
        }
    }

    /** Counts the TransactWriteItems calls in flight at once, and how the cancelled ones were cancelled. */
    private static final class TransactionProbe implements ExecutionInterceptor {

        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger conditionFailures = new AtomicInteger();
        final AtomicInteger transactionConflicts = new AtomicInteger();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof TransactWriteItemsRequest) {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            }
        }

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof TransactWriteItemsRequest) {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            if (context.exception() instanceof TransactionCanceledException cancelled) {
                List<String> codes = RegistryTransactions.reasonCodes(cancelled, Integer.MAX_VALUE);
                if (codes.contains("ConditionalCheckFailed")) {
                    conditionFailures.incrementAndGet();
                } else if (codes.contains("TransactionConflict")) {
                    transactionConflicts.incrementAndGet();
                }
            }
        }
    }

    /** A client as a function builds it: SDK, url-connection HTTP client (a connection per concurrent call). */
    private static DynamoDbClient httpClient(int port, ExecutionInterceptor probe) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(o -> o.addExecutionInterceptor(probe))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
