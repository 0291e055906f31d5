package io.modelfn.registry.dynamodb;

import static io.modelfn.registry.dynamodb.RegistryTableSchema.ALIAS_PREFIX;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.CARD_PREFIX;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.EVENT_PREFIX;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.KIND;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.KIND_ENDPOINT;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.KIND_INDEX;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.KIND_VERSION;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.NAME;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.PK;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.REVISION;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.SK;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.STATE;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.STATE_REASON;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.UPDATED_AT;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.UPDATED_BY;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.VERSION_PREFIX;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.aliasSk;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.cardSk;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.configSk;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.endpointPk;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.modelPk;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.versionSk;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistryUnavailableException;
import io.modelfn.core.registry.write.AliasHistory;
import io.modelfn.core.registry.write.AliasMove;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.AuditEventIds;
import io.modelfn.core.registry.write.AuditJson;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.Mutation;
import io.modelfn.core.registry.write.VersionRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The registry's admin side on the registry table ({@link RegistryTableSchema}).
 *
 * <p><b>Reads</b> are strongly consistent ({@code ConsistentRead} gets and queries on the base
 * table), so a caller reads the revision it is about to guard on. Two listings learn names from
 * {@value RegistryTableSchema#KIND_INDEX}, which is eventually consistent (about a second):
 * {@link #models()} (names only), and {@link #endpoints()}, which then reads every configuration
 * strongly consistent.
 *
 * <p><b>Writes</b>: every mutation is one {@code TransactWriteItems}: the item write conditioned on
 * {@code revision = :expected} ({@code attribute_not_exists(PK)} when creating), the revision
 * incremented, {@code updatedAt}/{@code updatedBy} set, and a put of its {@link AuditEvent} in the
 * subject's item collection ({@code EVENT#<at>#<id>}). A mutation first reads the item (strongly
 * consistent) to learn the state it replaces for the event's {@code from}; a revision other than the
 * expected one is refused there, and the transaction's condition settles any race after the read.
 * {@link #atomically} puts all its mutations and their events in one transaction. See
 * {@link RegistryTransactions} for how cancellations become {@link ConflictException} (and when they
 * are retried) and other failures {@link RegistryUnavailableException}.
 *
 * <p><b>Idempotency</b>: see {@link IdempotencyRecords}.
 *
 * <p>Thread-safe: the DynamoDB client is, and the registry keeps no mutable state.
 *
 * <p>Over 400 lines on purpose: it is the one implementation of the {@code ModelRegistry} port, one short
 * method per port operation over the shared helpers ({@link RegistryItems}, {@link RegistryTransactions},
 * {@link IdempotencyRecords}); splitting it would split the port.
 */
public final class DynamoDbModelRegistry implements ModelRegistry {

    /** Most mutations in one {@link #atomically} call (each is at most three items of the transaction). */
    public static final int MAX_MUTATIONS = 25;
    /** Most moves in one page of an alias's history. */
    public static final int MAX_HISTORY_PAGE = 100;
    /** A history cursor: the instant of a move's sort key and its id. */
    private static final java.util.regex.Pattern HISTORY_CURSOR =
            java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z#[A-Za-z0-9._-]+");

    private static final int BATCH_GET_LIMIT = 100;

    private final DynamoDbClient client;
    private final String tableName;
    private final Clock clock;
    private final Supplier<String> eventIds;
    private final RegistryTransactions transactions;
    private final IdempotencyRecords idempotency;

    public DynamoDbModelRegistry(DynamoDbClient client, String tableName, Clock clock) {
        this(client, tableName, clock, AuditEventIds::next);
    }

    /** @param eventIds ids of audit events: unique, sorting in creation order ({@link AuditEventIds} by default) */
    public DynamoDbModelRegistry(DynamoDbClient client, String tableName, Clock clock, Supplier<String> eventIds) {
        this.client = Objects.requireNonNull(client, "client");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("the registry table name must be configured");
        }
        this.tableName = tableName;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.eventIds = Objects.requireNonNull(eventIds, "eventIds");
        this.transactions = new RegistryTransactions(client, tableName);
        this.idempotency = new IdempotencyRecords(client, tableName, clock);
    }

    // ---------------------------------------------------------------------------------- reads

    /** {@inheritDoc} Read from {@value RegistryTableSchema#KIND_INDEX}: eventually consistent. */
    @Override
    public List<String> models() {
        Set<String> names = new TreeSet<>();
        QueryRequest request = QueryRequest.builder()
                .tableName(tableName)
                .indexName(KIND_INDEX)
                .keyConditionExpression("#kind = :kind")
                .projectionExpression("#name")
                .expressionAttributeNames(Map.of("#kind", KIND, "#name", NAME))
                .expressionAttributeValues(Map.of(":kind", AttributeValue.fromS(KIND_VERSION)))
                .build();
        try {
            for (Map<String, AttributeValue> item : client.queryPaginator(request).items()) {
                AttributeValue name = item.get(NAME);
                if (name != null && name.s() != null) {
                    names.add(name.s());
                }
            }
        } catch (SdkException e) {
            throw unavailable("read", e);
        }
        return List.copyOf(names);
    }

    @Override
    public List<VersionRecord> versions(String model) {
        String pk = modelPk(model);
        Map<String, Map<String, AttributeValue>> cards = new HashMap<>();
        for (Map<String, AttributeValue> card : query(pk, CARD_PREFIX, true, Integer.MAX_VALUE)) {
            cards.put(card.get(SK).s().substring(CARD_PREFIX.length()), card);
        }
        List<VersionRecord> versions = new ArrayList<>();
        for (Map<String, AttributeValue> item : query(pk, VERSION_PREFIX, true, Integer.MAX_VALUE)) {
            String sortKey = item.get(SK).s().substring(VERSION_PREFIX.length());
            versions.add(RegistryItems.versionRecord(item, cards.get(sortKey)));
        }
        return versions;
    }

    @Override
    public Optional<VersionRecord> version(ModelKey key) {
        if (!SemanticVersion.isValid(key.version())) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = get(modelPk(key.name()), versionSk(key));
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(RegistryItems.versionRecord(item, get(modelPk(key.name()), cardSk(key))));
    }

    @Override
    public List<AliasRecord> aliases(String model) {
        return query(modelPk(model), ALIAS_PREFIX, true, Integer.MAX_VALUE).stream().map(RegistryItems::aliasRecord).toList();
    }

    @Override
    public Optional<AliasRecord> alias(String model, String alias) {
        return Optional.ofNullable(get(modelPk(model), aliasSk(alias))).map(RegistryItems::aliasRecord);
    }

    /**
     * {@inheritDoc} The names come from {@value RegistryTableSchema#KIND_INDEX} (an endpoint created
     * in the last second may be missing); the configurations are then read strongly consistent.
     */
    @Override
    public List<EndpointConfig> endpoints() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        QueryRequest request = QueryRequest.builder()
                .tableName(tableName)
                .indexName(KIND_INDEX)
                .keyConditionExpression("#kind = :kind")
                .projectionExpression("#pk, #sk")
                .expressionAttributeNames(Map.of("#kind", KIND, "#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":kind", AttributeValue.fromS(KIND_ENDPOINT)))
                .build();
        try {
            for (Map<String, AttributeValue> item : client.queryPaginator(request).items()) {
                keys.add(Map.of(PK, item.get(PK), SK, item.get(SK)));
            }
        } catch (SdkException e) {
            throw unavailable("read", e);
        }
        Map<String, EndpointConfig> byName = new TreeMap<>();
        for (Map<String, AttributeValue> item : batchGet(keys)) {
            EndpointConfig endpoint = RegistryItems.endpoint(item);
            byName.put(endpoint.name(), endpoint);
        }
        return List.copyOf(byName.values());
    }

    @Override
    public Optional<EndpointConfig> endpoint(String name) {
        return Optional.ofNullable(get(endpointPk(name), configSk())).map(RegistryItems::endpoint);
    }

    @Override
    public List<AuditEvent> audit(String subject, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return query(RegistryItems.subjectPk(subject), EVENT_PREFIX, false, limit).stream()
                .map(RegistryItems::auditEvent).toList();
    }

    /**
     * {@inheritDoc} One strongly consistent query, newest first, of the alias's moves
     * ({@code ALIASMOVE#<alias>#...} in the model's item collection); the cursor is the last move's
     * sort key after that prefix.
     */
    @Override
    public AliasHistory aliasHistory(String model, String alias, int limit, String after) {
        if (limit < 1 || limit > MAX_HISTORY_PAGE) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_HISTORY_PAGE + ", was " + limit);
        }
        if (after != null && !HISTORY_CURSOR.matcher(after).matches()) {
            throw new IllegalArgumentException("not a cursor of an alias history: " + after);
        }
        String pk = modelPk(model);
        String prefix = RegistryTableSchema.aliasMovePrefix(alias);
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(tableName)
                .consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":prefix", AttributeValue.fromS(prefix)))
                .scanIndexForward(false)
                .limit(limit + 1);
        if (after != null) {
            request.exclusiveStartKey(key(pk, prefix + after));
        }
        List<Map<String, AttributeValue>> items;
        try {
            items = client.queryPaginator(request.build()).items().stream().limit(limit + 1L).toList();
        } catch (SdkException e) {
            throw unavailable("read", e);
        }
        List<AliasMove> moves = items.stream().limit(limit).map(RegistryItems::aliasMove).toList();
        String next = items.size() > limit ? items.get(limit - 1).get(SK).s().substring(prefix.length()) : null;
        return new AliasHistory(moves, next);
    }

    // ------------------------------------------------------------------------------ mutations

    @Override
    public VersionRecord createVersion(ModelVersion version, String cardJson, Change change) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(cardJson, "cardJson");
        Objects.requireNonNull(change, "change");
        ModelKey key = version.key();
        SemanticVersion.parse(key.version());
        Instant now = clock.instant();
        ModelVersion stored = version.createdAt() != null ? version : new ModelVersion(key, version.artifact(),
                version.sha256(), version.sizeBytes(), version.signature(), version.state(), version.task(),
                version.labels(), version.features(), now);
        VersionRecord after = new VersionRecord(stored, cardJson, "", change.actor(), now, 1);

        Map<String, AttributeValue> versionItem = new LinkedHashMap<>(
                RegistryItems.versionItem(stored, null, WriteStamp.first(change.actor(), now)));
        versionItem.put(UPDATED_BY, AttributeValue.fromS(change.actor()));
        List<RegistryTransactions.Step> steps = new ArrayList<>();
        steps.add(new RegistryTransactions.Step(put(versionItem, 0), "version " + key, 0));
        steps.add(new RegistryTransactions.Step(put(RegistryItems.cardItem(key, cardJson), 0), "the card of version " + key, 0));
        steps.add(event(AuditEvent.modelSubject(key.name()), AuditEvent.CREATE_VERSION, null, AuditJson.version(after),
                change, now));
        transactions.write(steps, now);
        return after;
    }

    @Override
    public VersionRecord transition(ModelKey key, LifecycleState to, String reason, long expectedRevision, Change change) {
        Instant now = clock.instant();
        Planned<VersionRecord> planned = planTransition(new Mutation.Transition(key, to, reason, expectedRevision),
                change, now, true);
        transactions.write(planned.steps(), now);
        return planned.result();
    }

    @Override
    public AliasRecord setAlias(String model, String alias, String version, long expectedRevision, Change change) {
        Instant now = clock.instant();
        Planned<AliasRecord> planned = planSetAlias(new Mutation.SetAlias(model, alias, version, expectedRevision),
                change, now);
        transactions.write(planned.steps(), now);
        return planned.result();
    }

    @Override
    public EndpointConfig putEndpoint(EndpointConfig endpoint, long expectedRevision, Change change) {
        Instant now = clock.instant();
        Planned<EndpointConfig> planned = planPutEndpoint(new Mutation.PutEndpoint(endpoint, expectedRevision),
                change, now);
        transactions.write(planned.steps(), now);
        return planned.result();
    }

    @Override
    public void deleteVersion(ModelKey key, long expectedRevision, Change change) {
        Objects.requireNonNull(change, "change");
        requireExistingRevision(expectedRevision);
        String what = "version " + key;
        if (!SemanticVersion.isValid(key.version())) {
            throw new ConflictException(missing(what, expectedRevision));
        }
        Instant now = clock.instant();
        Map<String, AttributeValue> item = get(modelPk(key.name()), versionSk(key));
        VersionRecord before = item == null ? null : RegistryItems.versionRecord(item, null);
        guard(what, before == null ? null : before.revision(), expectedRevision);

        Map<String, AttributeValue> versionKey = key(modelPk(key.name()), versionSk(key));
        List<RegistryTransactions.Step> steps = new ArrayList<>();
        steps.add(new RegistryTransactions.Step(TransactWriteItem.builder().delete(d -> d.tableName(tableName)
                .key(versionKey)
                .conditionExpression("#revision = :expected")
                .expressionAttributeNames(Map.of("#revision", REVISION))
                .expressionAttributeValues(Map.of(":expected", number(expectedRevision)))).build(), what, expectedRevision));
        steps.add(RegistryTransactions.Step.unguarded(TransactWriteItem.builder().delete(d -> d.tableName(tableName)
                .key(key(modelPk(key.name()), cardSk(key)))).build(), "the card of version " + key));
        steps.add(event(AuditEvent.modelSubject(key.name()), AuditEvent.DELETE_VERSION, AuditJson.version(before), null,
                change, now));
        transactions.write(steps, now);
    }

    @Override
    public void atomically(List<Mutation> mutations, Change change) {
        Objects.requireNonNull(mutations, "mutations");
        Objects.requireNonNull(change, "change");
        if (mutations.size() > MAX_MUTATIONS) {
            throw new IllegalArgumentException("at most " + MAX_MUTATIONS + " mutations go in one change, not " + mutations.size());
        }
        Set<String> targets = new HashSet<>();
        for (Mutation mutation : mutations) {
            if (!targets.add(target(mutation))) {
                throw new IllegalArgumentException("two mutations of " + target(mutation) + " in one change");
            }
        }
        Instant now = clock.instant();
        List<RegistryTransactions.Step> steps = new ArrayList<>();
        for (Mutation mutation : mutations) {
            Planned<?> planned = switch (mutation) {
                case Mutation.PutEndpoint put -> planPutEndpoint(put, change, now);
                case Mutation.SetAlias set -> planSetAlias(set, change, now);
                case Mutation.Transition transition -> planTransition(transition, change, now, false);
            };
            steps.addAll(planned.steps());
        }
        transactions.write(steps, now);
    }

    /** {@inheritDoc} See {@link IdempotencyRecords} for the record and its lifetimes. */
    @Override
    public String idempotent(String key, String fingerprint, Supplier<String> mutation) {
        return idempotency.run(key, fingerprint, mutation);
    }

    // ------------------------------------------------------------------------------- planning

    /** The transaction items of one mutation, and what it returns once written. */
    private record Planned<T>(List<RegistryTransactions.Step> steps, T result) {
    }

    private Planned<VersionRecord> planTransition(Mutation.Transition t, Change change, Instant now, boolean withCard) {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(t.to(), "to");
        requireExistingRevision(t.expectedRevision());
        ModelKey key = t.key();
        String what = "version " + key;
        if (!SemanticVersion.isValid(key.version())) {
            throw new ConflictException(missing(what, t.expectedRevision()));
        }
        String pk = modelPk(key.name());
        Map<String, AttributeValue> item = get(pk, versionSk(key));
        Map<String, AttributeValue> card = item != null && withCard ? get(pk, cardSk(key)) : null;
        VersionRecord before = item == null ? null : RegistryItems.versionRecord(item, card);
        guard(what, before == null ? null : before.revision(), t.expectedRevision());

        String reason = t.reason() == null ? "" : t.reason();
        long next = t.expectedRevision() + 1;
        VersionRecord after = new VersionRecord(before.version().withState(t.to()), before.cardJson(), reason,
                before.createdBy(), now, next);

        Map<String, String> names = new HashMap<>(Map.of("#state", STATE, "#reason", STATE_REASON, "#revision", REVISION,
                "#updatedAt", UPDATED_AT, "#updatedBy", UPDATED_BY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":state", AttributeValue.fromS(t.to().name()),
                ":next", number(next),
                ":expected", number(t.expectedRevision()),
                ":at", AttributeValue.fromS(now.toString()),
                ":by", AttributeValue.fromS(change.actor())));
        String update = "SET #state = :state, #revision = :next, #updatedAt = :at, #updatedBy = :by";
        if (reason.isEmpty()) {
            update += " REMOVE #reason";
        } else {
            update += ", #reason = :reason";
            values.put(":reason", AttributeValue.fromS(reason));
        }
        String updateExpression = update;
        TransactWriteItem write = TransactWriteItem.builder().update(u -> u.tableName(tableName)
                .key(key(pk, versionSk(key)))
                .updateExpression(updateExpression)
                .conditionExpression("#revision = :expected")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)).build();
        return new Planned<>(List.of(
                new RegistryTransactions.Step(write, what, t.expectedRevision()),
                event(AuditEvent.modelSubject(key.name()), AuditEvent.TRANSITION, AuditJson.version(before),
                        AuditJson.version(after), change, now)),
                after);
    }

    private Planned<AliasRecord> planSetAlias(Mutation.SetAlias s, Change change, Instant now) {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(s.version(), "version");
        requireRevision(s.expectedRevision());
        String what = "alias '" + s.alias() + "' of model '" + s.model() + "'";
        Map<String, AttributeValue> item = get(modelPk(s.model()), aliasSk(s.alias()));
        AliasRecord before = item == null ? null : RegistryItems.aliasRecord(item);
        guard(what, before == null ? null : before.revision(), s.expectedRevision());

        String previous = before == null ? null
                : before.version().equals(s.version()) ? before.previousVersion() : before.version();
        long next = s.expectedRevision() + 1;
        AliasRecord after = new AliasRecord(s.model(), s.alias(), s.version(), previous, next, now, change.actor());
        Map<String, AttributeValue> written = RegistryItems.aliasItem(
                new ModelAlias(s.model(), s.alias(), s.version(), previous), new WriteStamp(change.actor(), next, now));
        String id = eventIds.get();
        AliasMove move = new AliasMove(s.model(), s.alias(), s.version(), before == null ? null : before.version(), now,
                change.actor(), change.reason(), id);
        TransactWriteItem history = TransactWriteItem.builder().put(p -> p.tableName(tableName)
                .item(RegistryItems.aliasMoveItem(move))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK))).build();
        return new Planned<>(List.of(
                new RegistryTransactions.Step(put(written, s.expectedRevision()), what, s.expectedRevision()),
                new RegistryTransactions.Step(history, "move " + id + " of " + what, 0),
                event(id, AuditEvent.modelSubject(s.model()), AuditEvent.SET_ALIAS,
                        before == null ? null : AuditJson.alias(before), AuditJson.alias(after), change, now)),
                after);
    }

    private Planned<EndpointConfig> planPutEndpoint(Mutation.PutEndpoint p, Change change, Instant now) {
        Objects.requireNonNull(change, "change");
        EndpointConfig endpoint = Objects.requireNonNull(p.endpoint(), "endpoint");
        requireRevision(p.expectedRevision());
        List<String> problems = endpoint.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("endpoint '" + endpoint.name() + "': " + String.join("; ", problems));
        }
        String what = "endpoint '" + endpoint.name() + "'";
        Map<String, AttributeValue> item = get(endpointPk(endpoint.name()), configSk());
        EndpointConfig before = item == null ? null : RegistryItems.endpoint(item);
        guard(what, before == null ? null : before.revision(), p.expectedRevision());

        EndpointConfig after = new EndpointConfig(endpoint.name(), endpoint.variants(), endpoint.shadow(),
                endpoint.stickySalt(), endpoint.backend(), p.expectedRevision() + 1, now, endpoint.rollout(),
                endpoint.resultCache(), endpoint.alarmLimits());
        return new Planned<>(List.of(
                new RegistryTransactions.Step(put(RegistryItems.endpointItem(after, change.actor()), p.expectedRevision()),
                        what, p.expectedRevision()),
                event(AuditEvent.endpointSubject(endpoint.name()), AuditEvent.PUT_ENDPOINT,
                        before == null ? null : AuditJson.endpoint(before), AuditJson.endpoint(after), change, now)),
                after);
    }

    /** Refuses early what the transaction's condition would refuse: saves a write, same answer. */
    private static void guard(String what, Long current, long expected) {
        if (expected == 0 && current != null) {
            throw new ConflictException(RegistryTransactions.conflict(what, 0));
        }
        if (expected > 0 && current == null) {
            throw new ConflictException(missing(what, expected));
        }
        if (expected > 0 && current != expected) {
            throw new ConflictException(RegistryTransactions.conflict(what, expected));
        }
    }

    private static String missing(String what, long expected) {
        return what + " does not exist (expected revision " + expected + "); nothing was written";
    }

    private static void requireRevision(long expected) {
        if (expected < 0) {
            throw new IllegalArgumentException("an expected revision is 0 (create) or more, not " + expected);
        }
    }

    private static void requireExistingRevision(long expected) {
        if (expected < 1) {
            throw new IllegalArgumentException("a version's expected revision is 1 or more, not " + expected);
        }
    }

    private static String target(Mutation mutation) {
        return switch (mutation) {
            case Mutation.PutEndpoint p -> "endpoint '" + p.endpoint().name() + "'";
            case Mutation.SetAlias s -> "alias '" + s.alias() + "' of model '" + s.model() + "'";
            case Mutation.Transition t -> "version " + t.key();
        };
    }

    /** A put guarded by the revision: {@code attribute_not_exists(PK)} for 0. */
    private TransactWriteItem put(Map<String, AttributeValue> item, long expectedRevision) {
        if (expectedRevision == 0) {
            return TransactWriteItem.builder().put(p -> p.tableName(tableName)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK))).build();
        }
        return TransactWriteItem.builder().put(p -> p.tableName(tableName)
                .item(item)
                .conditionExpression("#revision = :expected")
                .expressionAttributeNames(Map.of("#revision", REVISION))
                .expressionAttributeValues(Map.of(":expected", number(expectedRevision)))).build();
    }

    /** The put of a mutation's audit event; an event never overwrites another. */
    private RegistryTransactions.Step event(String subject, String action, String from, String to, Change change,
            Instant now) {
        return event(eventIds.get(), subject, action, from, to, change, now);
    }

    /** The put of an audit event with the given id (an alias move shares its event's id). */
    private RegistryTransactions.Step event(String id, String subject, String action, String from, String to,
            Change change, Instant now) {
        AuditEvent event = new AuditEvent(id, now, subject, action, change.actor(), from, to,
                change.reason(), change.requestId());
        TransactWriteItem put = TransactWriteItem.builder().put(p -> p.tableName(tableName)
                .item(RegistryItems.eventItem(event))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK))).build();
        return new RegistryTransactions.Step(put, "audit event " + event.id() + " of " + subject, 0);
    }

    // ------------------------------------------------------------------------------------ I/O

    private Map<String, AttributeValue> get(String pk, String sk) {
        try {
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(tableName).key(key(pk, sk)).consistentRead(true))
                    .item();
            return item == null || item.isEmpty() ? null : item;
        } catch (SdkException e) {
            throw unavailable("read", e);
        }
    }

    /** Items of one partition whose sort key starts with {@code skPrefix}, strongly consistent. */
    private List<Map<String, AttributeValue>> query(String pk, String skPrefix, boolean forward, int limit) {
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(tableName)
                .consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":prefix", AttributeValue.fromS(skPrefix)))
                .scanIndexForward(forward);
        if (limit < Integer.MAX_VALUE) {
            request.limit(Math.min(limit, 1_000));
        }
        try {
            return client.queryPaginator(request.build()).items().stream().limit(limit).toList();
        } catch (SdkException e) {
            throw unavailable("read", e);
        }
    }

    /** Strongly consistent batch reads, 100 keys at a time, until nothing is left unprocessed. */
    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        try {
            for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
                Map<String, KeysAndAttributes> pending = Map.of(tableName, KeysAndAttributes.builder()
                        .keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT)))
                        .consistentRead(true)
                        .build());
                for (int round = 0; !pending.isEmpty(); round++) {
                    if (round > 0) {
                        pauseBeforeUnprocessed(round);
                    }
                    Map<String, KeysAndAttributes> request = pending;
                    BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(request));
                    items.addAll(response.responses().getOrDefault(tableName, List.of()));
                    pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                }
            }
        } catch (SdkException e) {
            throw unavailable("read", e);
        }
        return items;
    }

    private static void pauseBeforeUnprocessed(int round) {
        if (round > 10) {
            throw new RegistryUnavailableException("the registry table keeps leaving keys of a batch read unprocessed");
        }
        try {
            Thread.sleep(Math.min(1_000, 20L << round));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while reading the registry", e);
        }
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private RegistryUnavailableException unavailable(String what, SdkException e) {
        return new RegistryUnavailableException(
                "registry table '" + tableName + "' cannot be " + what + ": " + SdkFailures.describe(e), e);
    }
}
