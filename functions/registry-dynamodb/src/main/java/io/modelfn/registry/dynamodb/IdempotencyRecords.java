package io.modelfn.registry.dynamodb;

import static io.modelfn.registry.dynamodb.RegistryTableSchema.IDEMPOTENCY_CLAIM;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.IDEMPOTENCY_COMPLETE;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.IDEMPOTENCY_FINGERPRINT;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.IDEMPOTENCY_IN_PROGRESS;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.IDEMPOTENCY_RESPONSE;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.IDEMPOTENCY_SK;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.IDEMPOTENCY_STATUS;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.IDEMPOTENCY_UNKNOWN;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.PK;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.SK;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.TTL;
import static io.modelfn.registry.dynamodb.RegistryTableSchema.UPDATED_AT;

import io.modelfn.core.registry.RegistryUnavailableException;
import io.modelfn.core.registry.RegistryWriteOutcomeUnknownException;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.IdempotencyKeyReusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The idempotency records of {@link DynamoDbModelRegistry#idempotent}: one item per key,
 * {@code IDEMPOTENCY#<sha256 of the key>} / {@code RECORD}, holding {@code status}
 * ({@code IN_PROGRESS}, {@code COMPLETE}, or {@code UNKNOWN} when the change was sent but never
 * confirmed, so retries are refused rather than applied twice), the request {@code fingerprint}, the {@code response}
 * once complete, the {@code claim} id of the caller that holds it, and {@code ttl} (epoch seconds):
 * a minute after the claim for {@code IN_PROGRESS}, a day after completion for {@code COMPLETE}.
 *
 * <p>A record whose {@code ttl} has passed counts as absent (DynamoDB's time-to-live deletes items
 * only eventually): the claim's condition is {@code attribute_not_exists(PK) OR ttl < now}, so one
 * caller wins a key, and a claim left by a crashed caller can be taken over after a minute.
 *
 * <p>Thread-safe.
 */
final class IdempotencyRecords {

    static final Duration CLAIM_LIFETIME = Duration.ofSeconds(60);
    static final Duration RESULT_LIFETIME = Duration.ofHours(24);

    private static final Logger LOG = Logger.getLogger(IdempotencyRecords.class.getName());
    private static final int MAX_CLAIM_ATTEMPTS = 3;
    private static final String STILL_RUNNING = "a request with this idempotency key is still running";
    private static final String OUTCOME_UNKNOWN = "the first request with this idempotency key may or may not have "
            + "been applied (the registry did not confirm it); read the current state before changing it again, "
            + "with a new key";

    private final DynamoDbClient client;
    private final String tableName;
    private final Clock clock;

    IdempotencyRecords(DynamoDbClient client, String tableName, Clock clock) {
        this.client = client;
        this.tableName = tableName;
        this.clock = clock;
    }

    String run(String key, String fingerprint, Supplier<String> mutation) {
        Objects.requireNonNull(mutation, "mutation");
        if (key == null) {
            return mutation.get();
        }
        Objects.requireNonNull(fingerprint, "fingerprint");
        Map<String, AttributeValue> recordKey = Map.of(
                PK, AttributeValue.fromS(RegistryTableSchema.idempotencyPk(key)),
                SK, AttributeValue.fromS(IDEMPOTENCY_SK));
        String claim = UUID.randomUUID().toString();

        Map<String, AttributeValue> existing = claim(recordKey, fingerprint, claim);
        if (existing != null) {
            if (!fingerprint.equals(text(existing, IDEMPOTENCY_FINGERPRINT))) {
                throw new IdempotencyKeyReusedException(key);
            }
            if (IDEMPOTENCY_COMPLETE.equals(text(existing, IDEMPOTENCY_STATUS))) {
                return text(existing, IDEMPOTENCY_RESPONSE);
            }
            if (IDEMPOTENCY_UNKNOWN.equals(text(existing, IDEMPOTENCY_STATUS))) {
                throw new ConflictException(OUTCOME_UNKNOWN);
            }
            throw new ConflictException(STILL_RUNNING);
        }

        String response;
        try {
            response = mutation.get();
        } catch (RegistryWriteOutcomeUnknownException e) {
            // Releasing the key would let a retry apply the change a second time.
            markUnknown(recordKey, fingerprint, claim, e);
            throw e;
        } catch (RuntimeException | Error e) {
            release(recordKey, claim, e);
            throw e;
        }
        complete(recordKey, fingerprint, claim, response);
        return response;
    }

    /**
     * Claims the key for this call.
     *
     * @return null when claimed; otherwise the live record that holds the key
     */
    private Map<String, AttributeValue> claim(Map<String, AttributeValue> recordKey, String fingerprint, String claim) {
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Map<String, AttributeValue> item = record(recordKey, IDEMPOTENCY_IN_PROGRESS, fingerprint, claim, now,
                    now.plus(CLAIM_LIFETIME));
            try {
                client.putItem(b -> b.tableName(tableName)
                        .item(item)
                        .conditionExpression("attribute_not_exists(#pk) OR #ttl < :now")
                        .expressionAttributeNames(Map.of("#pk", PK, "#ttl", TTL))
                        .expressionAttributeValues(Map.of(":now", epochSeconds(now)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                return null;
            } catch (ConditionalCheckFailedException held) {
                Map<String, AttributeValue> existing = held.hasItem() && !held.item().isEmpty() ? held.item() : read(recordKey);
                if (existing != null && !expired(existing, clock.instant())) {
                    return existing;
                }
                // It expired or went away between our write and our read: claim again.
                if (attempt == MAX_CLAIM_ATTEMPTS) {
                    throw new ConflictException(STILL_RUNNING);
                }
            } catch (SdkException e) {
                throw unavailable("cannot claim an idempotency key", e);
            }
        }
    }

    private Map<String, AttributeValue> read(Map<String, AttributeValue> recordKey) {
        try {
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(tableName).key(recordKey).consistentRead(true)).item();
            return item == null || item.isEmpty() ? null : item;
        } catch (SdkException e) {
            throw unavailable("cannot read an idempotency record", e);
        }
    }

    /**
     * Stores the result under our claim. The mutation has run: a failure here is logged, not thrown,
     * so the caller learns its change was made; a retry meets the claim until it expires.
     */
    private void complete(Map<String, AttributeValue> recordKey, String fingerprint, String claim, String response) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = record(recordKey, IDEMPOTENCY_COMPLETE, fingerprint, claim, now,
                now.plus(RESULT_LIFETIME));
        if (response != null) {
            item.put(IDEMPOTENCY_RESPONSE, AttributeValue.fromS(response));
        }
        try {
            replaceOurs(item, claim);
        } catch (ConditionalCheckFailedException lost) {
            LOG.log(Level.WARNING, "an idempotent registry change outlived its claim ({0} s); its result is not stored",
                    CLAIM_LIFETIME.toSeconds());
        } catch (SdkException e) {
            LOG.log(Level.WARNING, "the result of an idempotent registry change cannot be stored: {0}", SdkFailures.describe(e));
        }
    }

    /** Keeps the key for a day as UNKNOWN: retries with it are refused rather than applied twice. */
    private void markUnknown(Map<String, AttributeValue> recordKey, String fingerprint, String claim, Throwable failure) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = record(recordKey, IDEMPOTENCY_UNKNOWN, fingerprint, claim, now,
                now.plus(RESULT_LIFETIME));
        try {
            replaceOurs(item, claim);
        } catch (ConditionalCheckFailedException notOurs) {
            // Our claim expired and another caller holds the key now.
        } catch (SdkException e) {
            // The claim stays IN_PROGRESS until it expires: retries are refused for that long.
            failure.addSuppressed(unavailable("cannot mark an idempotency key's outcome unknown", e));
        }
    }

    /**
     * Writes the record over our claim.
     *
     * @throws ConditionalCheckFailedException when the claim expired and another caller holds the key
     */
    private void replaceOurs(Map<String, AttributeValue> item, String claim) {
        client.putItem(b -> b.tableName(tableName)
                .item(item)
                .conditionExpression("#claim = :claim")
                .expressionAttributeNames(Map.of("#claim", IDEMPOTENCY_CLAIM))
                .expressionAttributeValues(Map.of(":claim", AttributeValue.fromS(claim))));
    }

    /** A record held by {@code claim}, in {@code status}, expiring at {@code expires}. */
    private static Map<String, AttributeValue> record(Map<String, AttributeValue> recordKey, String status,
            String fingerprint, String claim, Instant now, Instant expires) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(recordKey);
        item.put(IDEMPOTENCY_STATUS, AttributeValue.fromS(status));
        item.put(IDEMPOTENCY_FINGERPRINT, AttributeValue.fromS(fingerprint));
        item.put(IDEMPOTENCY_CLAIM, AttributeValue.fromS(claim));
        item.put(UPDATED_AT, AttributeValue.fromS(now.toString()));
        item.put(TTL, epochSeconds(expires));
        return item;
    }

    /** Deletes our claim after the mutation failed, so the caller may retry at once. */
    private void release(Map<String, AttributeValue> recordKey, String claim, Throwable failure) {
        try {
            client.deleteItem(b -> b.tableName(tableName)
                    .key(recordKey)
                    .conditionExpression("#claim = :claim")
                    .expressionAttributeNames(Map.of("#claim", IDEMPOTENCY_CLAIM))
                    .expressionAttributeValues(Map.of(":claim", AttributeValue.fromS(claim))));
        } catch (ConditionalCheckFailedException notOurs) {
            // Our claim expired and another caller holds the key now: theirs to finish.
        } catch (SdkException e) {
            // The claim expires by itself; the caller needs the mutation's failure, not this one.
            failure.addSuppressed(unavailable("cannot release an idempotency key", e));
        }
    }

    private static boolean expired(Map<String, AttributeValue> record, Instant now) {
        AttributeValue ttl = record.get(TTL);
        return ttl != null && ttl.n() != null && Long.parseLong(ttl.n()) < now.getEpochSecond();
    }

    private static String text(Map<String, AttributeValue> record, String name) {
        AttributeValue value = record.get(name);
        return value == null ? null : value.s();
    }

    private static AttributeValue epochSeconds(Instant at) {
        return AttributeValue.fromN(Long.toString(at.getEpochSecond()));
    }

    private RegistryUnavailableException unavailable(String what, SdkException e) {
        return new RegistryUnavailableException(what + " in registry table '" + tableName + "': " + SdkFailures.describe(e), e);
    }
}
