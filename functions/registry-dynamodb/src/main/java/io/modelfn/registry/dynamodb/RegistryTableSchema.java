package io.modelfn.registry.dynamodb;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.registry.RegistryTableKeys;
import io.modelfn.core.registry.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The registry table's plan of record: key and attribute names, key formats, and the table itself.
 * The write side and the reader take their names from here; the key, index and TTL names come from
 * core's {@link RegistryTableKeys}, which the CDK app reads too, so a rename happens in one place.
 *
 * <pre>
 * PK                 SK                          kind      holds
 * MODEL#&lt;name&gt;       VERSION#&lt;semver sortKey&gt;    VERSION   artifact, signature, state...
 * MODEL#&lt;name&gt;       CARD#&lt;semver sortKey&gt;       (none)    the full model.json
 * MODEL#&lt;name&gt;       ALIAS#&lt;alias&gt;               ALIAS     version and previous version
 * MODEL#&lt;name&gt;       ALIASMOVE#&lt;alias&gt;#&lt;instant&gt;#&lt;id&gt; (none) one move of the alias (its history)
 * ENDPOINT#&lt;name&gt;    CONFIG                      ENDPOINT  variants, shadow, salt, backend, result cache
 * ENDPOINT#|MODEL#.. EVENT#&lt;instant&gt;#&lt;id&gt;        (none)    audit records
 * IDEMPOTENCY#&lt;sha256&gt; RECORD                      (none)    an idempotency key's claim or result
 * REGISTRY           REVISION                    (none)    the registry revision and when it changed
 * </pre>
 *
 * <p>The {@code REGISTRY}/{@code REVISION} item is the registry's change marker: every registry change
 * adds one to its {@value #REVISION} and sets {@value #CHANGED_AT} in the change's own transaction, so
 * serving environments poll that one item (a {@code GetItem}) instead of reading everything.
 *
 * <p>The serving path reads everything it needs with three queries on {@value #KIND_INDEX}
 * ({@code kind} = ENDPOINT, VERSION, ALIAS); cards, alias moves and audit events carry no {@code kind}, so they
 * stay out of that index and its reads stay small.
 *
 * <p>Thread-safe (constants and stateless functions).
 */
public final class RegistryTableSchema {

    // Keys and the index: the names core holds for the adapter and the CDK app alike.
    public static final String PK = RegistryTableKeys.PK;
    public static final String SK = RegistryTableKeys.SK;
    public static final String KIND = RegistryTableKeys.KIND;
    public static final String KIND_INDEX = RegistryTableKeys.KIND_INDEX;

    // Key prefixes.
    public static final String MODEL_PREFIX = "MODEL#";
    public static final String ENDPOINT_PREFIX = "ENDPOINT#";
    public static final String VERSION_PREFIX = "VERSION#";
    public static final String CARD_PREFIX = "CARD#";
    public static final String ALIAS_PREFIX = "ALIAS#";
    public static final String EVENT_PREFIX = "EVENT#";
    /** Alias moves; {@code ALIASMOVE#} does not start with {@link #ALIAS_PREFIX}, so alias listings skip them. */
    public static final String ALIAS_MOVE_PREFIX = "ALIASMOVE#";
    public static final String CONFIG_SK = "CONFIG";
    public static final String IDEMPOTENCY_PREFIX = "IDEMPOTENCY#";
    public static final String IDEMPOTENCY_SK = "RECORD";
    /** The change marker's key. */
    public static final String REGISTRY_PK = "REGISTRY";
    public static final String REVISION_SK = "REVISION";
    /** Change marker attribute: when the last change was committed (ISO-8601). */
    public static final String CHANGED_AT = "changedAt";

    // Values of the kind attribute.
    public static final String KIND_VERSION = "VERSION";
    public static final String KIND_ALIAS = "ALIAS";
    public static final String KIND_ENDPOINT = "ENDPOINT";

    // Attributes shared by several item kinds.
    public static final String NAME = "name";
    public static final String VERSION = "version";
    public static final String REVISION = "revision";
    public static final String UPDATED_AT = "updatedAt";
    public static final String UPDATED_BY = "updatedBy";

    // Version items.
    public static final String ARTIFACT_URI = "artifactUri";
    public static final String ARTIFACT_VERSION_ID = "artifactVersionId";
    public static final String SHA256 = "sha256";
    public static final String SIZE_BYTES = "sizeBytes";
    public static final String FORMAT = "format";
    public static final String FORMAT_ONNX = "onnx";
    public static final String SIGNATURE = "signature";
    public static final String TASK = "task";
    public static final String LABELS = "labels";
    public static final String FEATURES = "features";
    public static final String STATE = "state";
    public static final String STATE_REASON = "stateReason";
    public static final String CREATED_AT = "createdAt";
    public static final String CREATED_BY = "createdBy";

    // Card items.
    public static final String CARD = "card";

    // Alias items.
    public static final String ALIAS = "alias";
    public static final String PREVIOUS_VERSION = "previousVersion";

    // Endpoint items, and the fields of their variant and shadow maps.
    public static final String VARIANTS = "variants";
    public static final String SHADOW = "shadow";
    public static final String STICKY_SALT = "stickySalt";
    public static final String BACKEND = "backend";
    public static final String RESULT_CACHE = "resultCache";
    /** An endpoint's own alarm limits: a map of the set ones ({@code maxServerErrorRate}, ...), absent when none. */
    public static final String ALARM_LIMITS = "alarmLimits";
    public static final String LIMIT_MAX_SERVER_ERROR_RATE = "maxServerErrorRate";
    public static final String LIMIT_MAX_P99_LATENCY_MS = "maxP99LatencyMs";
    public static final String LIMIT_MIN_ACCURACY = "minAccuracy";
    public static final String LIMIT_MIN_FEEDBACK_SAMPLES = "minFeedbackSamples";
    public static final String LIMIT_EVALUATION_PERIODS = "evaluationPeriods";
    public static final String VARIANT_NAME = "name";
    public static final String VARIANT_MODEL = "model";
    public static final String VARIANT_VERSION = "version";
    public static final String VARIANT_WEIGHT = "weight";
    public static final String SHADOW_MODEL = "model";
    public static final String SHADOW_VERSION = "version";
    public static final String SHADOW_SAMPLE_RATE = "sampleRate";
    /** Endpoint attribute: the rollout plan and its state (a map), absent when there is none. */
    public static final String ROLLOUT = "rollout";
    public static final String ROLLOUT_CANARY_MODEL = "canaryModel";
    public static final String ROLLOUT_CANARY_VERSION = "canaryVersion";
    public static final String ROLLOUT_STEPS = "steps";
    public static final String ROLLOUT_BAKE_SECONDS = "bakeSeconds";
    public static final String ROLLOUT_MIN_REQUESTS = "minRequests";
    public static final String ROLLOUT_ALIAS = "alias";
    public static final String ROLLOUT_STATE = "state";
    public static final String ROLLOUT_STEP = "step";
    public static final String ROLLOUT_STEP_STARTED_AT = "stepStartedAt";
    public static final String ROLLOUT_REASON = "reason";
    public static final String ROLLOUT_WATCH_SECONDS = "watchSeconds";
    /** The map of what a watched promotion replaced, absent before promotion. */
    public static final String ROLLOUT_PROMOTION = "promotion";
    public static final String PROMOTION_PREVIOUS_STABLE_MODEL = "previousStableModel";
    public static final String PROMOTION_PREVIOUS_STABLE_VERSION = "previousStableVersion";
    public static final String PROMOTION_PREVIOUS_ALIAS_VERSION = "previousAliasVersion";
    public static final String PROMOTION_STATE_BEFORE = "promotedStateBefore";
    public static final String PROMOTION_DEMOTED = "demoted";

    // Audit event items.
    public static final String EVENT_ID = "id";
    public static final String EVENT_AT = "at";
    public static final String EVENT_SUBJECT = "subject";
    public static final String EVENT_ACTION = "action";
    public static final String EVENT_ACTOR = "actor";
    public static final String EVENT_FROM = "from";
    public static final String EVENT_TO = "to";
    public static final String EVENT_REASON = "reason";
    public static final String EVENT_REQUEST_ID = "requestId";

    // Idempotency items.
    public static final String IDEMPOTENCY_STATUS = "status";
    public static final String IDEMPOTENCY_IN_PROGRESS = "IN_PROGRESS";
    public static final String IDEMPOTENCY_COMPLETE = "COMPLETE";
    /** The change was sent but the registry never confirmed it: it may or may not have been applied. */
    public static final String IDEMPOTENCY_UNKNOWN = "UNKNOWN";
    public static final String IDEMPOTENCY_FINGERPRINT = "fingerprint";
    public static final String IDEMPOTENCY_RESPONSE = "response";
    /** Identifies one claim, so a caller only completes or releases its own. */
    public static final String IDEMPOTENCY_CLAIM = "claim";

    /**
     * The table's time-to-live attribute (a number: epoch seconds). DynamoDB deletes an item some
     * time after it passes (within days), so readers compare it with the clock themselves.
     */
    public static final String TTL = RegistryTableKeys.TTL;

    /** How long {@link #createTable(DynamoDbClient, String)} waits for the table to become active. */
    public static final Duration DEFAULT_ACTIVE_TIMEOUT = Duration.ofMinutes(5);

    // Fixed width (milliseconds, always three digits) so that event keys sort by time as strings:
    // ISO_INSTANT drops trailing zeros, and "…:00Z" would sort after "…:00.5Z".
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private RegistryTableSchema() {
    }

    public static String modelPk(String modelName) {
        return MODEL_PREFIX + requireText(modelName, "model name");
    }

    public static String endpointPk(String endpointName) {
        return ENDPOINT_PREFIX + requireText(endpointName, "endpoint name");
    }

    /** {@code VERSION#<sortKey>}: versions of a model sort by semantic-version precedence. */
    public static String versionSk(SemanticVersion version) {
        return VERSION_PREFIX + version.sortKey();
    }

    /** The version sort key of a model key whose version is a semantic version. */
    public static String versionSk(ModelKey key) {
        return versionSk(SemanticVersion.parse(key.version()));
    }

    public static String cardSk(SemanticVersion version) {
        return CARD_PREFIX + version.sortKey();
    }

    public static String cardSk(ModelKey key) {
        return cardSk(SemanticVersion.parse(key.version()));
    }

    public static String aliasSk(String alias) {
        return ALIAS_PREFIX + requireText(alias, "alias");
    }

    /** The key of the change marker item. */
    public static Map<String, AttributeValue> revisionKey() {
        return Map.of(PK, AttributeValue.fromS(REGISTRY_PK), SK, AttributeValue.fromS(REVISION_SK));
    }

    public static String configSk() {
        return CONFIG_SK;
    }

    /**
     * {@code EVENT#<instant>#<id>}; the instant is written in UTC to the millisecond with a fixed
     * width, so an item collection's events sort by time, and the id keeps events of the same
     * millisecond apart.
     */
    public static String eventSk(Instant at, String id) {
        Objects.requireNonNull(at, "at");
        return EVENT_PREFIX + EVENT_TIME.format(at) + "#" + requireText(id, "event id");
    }

    /**
     * {@code ALIASMOVE#<alias>#<instant>#<id>}: an alias's moves sort by time (fixed width, as
     * {@link #eventSk}), the id keeps moves of the same millisecond apart.
     */
    public static String aliasMoveSk(String alias, Instant at, String id) {
        Objects.requireNonNull(at, "at");
        return aliasMovePrefix(alias) + EVENT_TIME.format(at) + "#" + requireText(id, "move id");
    }

    /** {@code ALIASMOVE#<alias>#}: the sort key prefix of one alias's moves. */
    public static String aliasMovePrefix(String alias) {
        return ALIAS_MOVE_PREFIX + requireText(alias, "alias") + "#";
    }

    /**
     * {@code IDEMPOTENCY#<sha256 of the key, hex>}: the caller's key may be long or hold anything, the
     * digest is fixed-size and keeps the key itself out of the table.
     */
    public static String idempotencyPk(String idempotencyKey) {
        requireText(idempotencyKey, "idempotency key");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return IDEMPOTENCY_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Creates the registry table (on-demand billing, {@value #KIND_INDEX} projecting all attributes),
     * waits until the table and its index are active, and turns on time-to-live on {@value #TTL}.
     *
     * @throws RegistryUnavailableException when DynamoDB refuses (the cause says why, e.g. a
     *     {@link ResourceInUseException} when the table exists) or the table is not active in time
     */
    public static void createTable(DynamoDbClient client, String tableName) {
        createTable(client, tableName, DEFAULT_ACTIVE_TIMEOUT);
    }

    /** As {@link #createTable(DynamoDbClient, String)}, waiting at most {@code activeTimeout}. */
    public static void createTable(DynamoDbClient client, String tableName, Duration activeTimeout) {
        try {
            client.createTable(createTableRequest(tableName));
        } catch (SdkException e) {
            throw new RegistryUnavailableException(
                    "registry table '" + tableName + "' cannot be created: " + SdkFailures.describe(e), e);
        }
        awaitActive(client, tableName, activeTimeout);
        enableTimeToLive(client, tableName);
    }

    /**
     * Creates the table unless it exists (with time-to-live on {@value #TTL}, as
     * {@link #createTable(DynamoDbClient, String)}); waits until it is active either way. Safe to call
     * from several processes at once.
     *
     * @return whether this call created the table
     * @throws RegistryUnavailableException when DynamoDB cannot be reached or refuses
     */
    public static boolean ensureTable(DynamoDbClient client, String tableName) {
        boolean created;
        try {
            if (exists(client, tableName)) {
                created = false;
            } else {
                client.createTable(createTableRequest(tableName));
                created = true;
            }
        } catch (ResourceInUseException raced) {
            // Another process created it between our describe and our create: theirs will do.
            created = false;
        } catch (SdkException e) {
            throw new RegistryUnavailableException(
                    "registry table '" + tableName + "' cannot be created: " + SdkFailures.describe(e), e);
        }
        awaitActive(client, tableName, DEFAULT_ACTIVE_TIMEOUT);
        if (created) {
            enableTimeToLive(client, tableName);
        }
        return created;
    }

    /**
     * Turns on time-to-live on {@value #TTL}, so expired idempotency records go away by themselves.
     * CDK declares the same on the deployed table; DynamoDB Local 2.6.1 accepts the call. DynamoDB
     * deletes expired items only eventually (within days), so readers compare {@value #TTL} with
     * their clock rather than rely on the deletion.
     */
    private static void enableTimeToLive(DynamoDbClient client, String tableName) {
        try {
            client.updateTimeToLive(b -> b.tableName(tableName)
                    .timeToLiveSpecification(t -> t.attributeName(TTL).enabled(true)));
        } catch (SdkException e) {
            throw new RegistryUnavailableException(
                    "time-to-live cannot be enabled on registry table '" + tableName + "': " + SdkFailures.describe(e), e);
        }
    }

    /** The request that creates the table; CDK declares the same keys and index. */
    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        stringAttribute(PK),
                        stringAttribute(SK),
                        stringAttribute(KIND))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(KIND_INDEX)
                        .keySchema(key(KIND, KeyType.HASH), key(PK, KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .build();
    }

    private static boolean exists(DynamoDbClient client, String tableName) {
        try {
            client.describeTable(b -> b.tableName(tableName));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static void awaitActive(DynamoDbClient client, String tableName, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 50;
        while (true) {
            TableDescription table;
            try {
                table = client.describeTable(b -> b.tableName(tableName)).table();
            } catch (ResourceNotFoundException e) {
                // Just created: describe may not see it for a moment.
                table = null;
            } catch (SdkException e) {
                throw new RegistryUnavailableException(
                        "registry table '" + tableName + "' cannot be described: " + SdkFailures.describe(e), e);
            }
            if (table != null && isActive(table)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new RegistryUnavailableException("registry table '" + tableName + "' is not active after "
                        + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("interrupted while waiting for registry table '"
                        + tableName + "' to become active", e);
            }
            pauseMillis = Math.min(pauseMillis * 2, 2_000);
        }
    }

    private static boolean isActive(TableDescription table) {
        if (table.tableStatus() != TableStatus.ACTIVE) {
            return false;
        }
        for (GlobalSecondaryIndexDescription index : table.globalSecondaryIndexes()) {
            if (index.indexStatus() != null && index.indexStatus() != IndexStatus.ACTIVE) {
                return false;
            }
        }
        return true;
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }
}
