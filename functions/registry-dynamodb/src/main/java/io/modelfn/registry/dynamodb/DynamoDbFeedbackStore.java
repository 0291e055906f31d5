package io.modelfn.registry.dynamodb;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.monitoring.FeedbackCounts;
import io.modelfn.core.monitoring.FeedbackStore;
import io.modelfn.core.registry.RegistryUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Feedback counters in their own table (the prediction function may write there, never to the
 * registry), with the registry table's key schema:
 * <ul>
 *   <li>{@code MODEL#<name>} / {@code FEEDBACK#<version sort key>}: {@code feedbackCount},
 *       {@code correct}, one {@code cm#<actual>#<predicted>} counter per confusion-matrix cell,
 *       {@code sumAbsError} and {@code sumSquaredError} for regressions; all atomic ADDs;</li>
 *   <li>{@code PREDICTION#<id>} / {@code FEEDBACK}: the marker that makes a prediction count once
 *       (expires after {@value #MARKER_DAYS} days through the table's TTL).</li>
 * </ul>
 * The marker and the counters are written in one transaction. Thread-safe.
 */
public final class DynamoDbFeedbackStore implements FeedbackStore {

    static final int MARKER_DAYS = 30;
    static final String FEEDBACK_PREFIX = "FEEDBACK#";
    static final String PREDICTION_PREFIX = "PREDICTION#";
    static final String COUNT = "feedbackCount";
    static final String CORRECT = "correct";
    static final String CELL_PREFIX = "cm#";
    static final String SUM_ABS = "sumAbsError";
    static final String SUM_SQUARED = "sumSquaredError";

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    public DynamoDbFeedbackStore(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean record(ModelKey version, String predictionId, Object outcome) {
        Map<String, AttributeValue> marker = Map.of(
                RegistryTableSchema.PK, AttributeValue.fromS(PREDICTION_PREFIX + predictionId),
                RegistryTableSchema.SK, AttributeValue.fromS("FEEDBACK"),
                "model", AttributeValue.fromS(version.toString()),
                RegistryTableSchema.TTL, AttributeValue.fromN(Long.toString(
                        clock.instant().plus(Duration.ofDays(MARKER_DAYS)).getEpochSecond())));
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder add = new StringBuilder("ADD #count :one");
        names.put("#count", COUNT);
        values.put(":one", AttributeValue.fromN("1"));
        if (outcome instanceof ClassOutcome c) {
            names.put("#correct", CORRECT);
            names.put("#cell", CELL_PREFIX + c.actual() + "#" + c.predicted());
            values.put(":correct", AttributeValue.fromN(c.actual().equals(c.predicted()) ? "1" : "0"));
            add.append(", #correct :correct, #cell :one");
        } else if (outcome instanceof Double error) {
            names.put("#abs", SUM_ABS);
            names.put("#sq", SUM_SQUARED);
            values.put(":abs", AttributeValue.fromN(Double.toString(error)));
            values.put(":sq", AttributeValue.fromN(Double.toString(error * error)));
            add.append(", #abs :abs, #sq :sq");
        } else {
            throw new IllegalArgumentException("an outcome is a ClassOutcome or a Double error");
        }
        try {
            client.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(marker)
                            .conditionExpression("attribute_not_exists(#pk)")
                            .expressionAttributeNames(Map.of("#pk", RegistryTableSchema.PK))).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(countersKey(version))
                            .updateExpression(add.toString()).expressionAttributeNames(names)
                            .expressionAttributeValues(values)).build()));
            return true;
        } catch (TransactionCanceledException e) {
            CancellationReason first = e.cancellationReasons().isEmpty() ? null : e.cancellationReasons().get(0);
            if (first != null && "ConditionalCheckFailed".equals(first.code())) {
                return false;
            }
            throw new RegistryUnavailableException("feedback could not be recorded: " + SdkFailures.describe(e), e);
        } catch (SdkException e) {
            throw new RegistryUnavailableException("feedback could not be recorded: " + SdkFailures.describe(e), e);
        }
    }

    @Override
    public FeedbackCounts read(ModelKey version) {
        Map<String, AttributeValue> item;
        try {
            item = client.getItem(g -> g.tableName(table).key(countersKey(version)).consistentRead(true)).item();
        } catch (SdkException e) {
            throw new RegistryUnavailableException("feedback could not be read: " + SdkFailures.describe(e), e);
        }
        if (item == null || item.isEmpty()) {
            return FeedbackCounts.NONE;
        }
        Map<String, Map<String, Long>> confusion = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith(CELL_PREFIX)) {
                String rest = name.substring(CELL_PREFIX.length());
                int split = rest.indexOf('#');
                if (split > 0) {
                    confusion.computeIfAbsent(rest.substring(0, split), k -> new LinkedHashMap<>())
                            .put(rest.substring(split + 1), Long.parseLong(value.n()));
                }
            }
        });
        return new FeedbackCounts(number(item, COUNT).longValue(), number(item, CORRECT).longValue(), confusion,
                number(item, SUM_ABS).doubleValue(), number(item, SUM_SQUARED).doubleValue());
    }

    private static Map<String, AttributeValue> countersKey(ModelKey version) {
        return Map.of(RegistryTableSchema.PK, AttributeValue.fromS(RegistryTableSchema.modelPk(version.name())),
                RegistryTableSchema.SK, AttributeValue.fromS(FEEDBACK_PREFIX
                        + SemanticVersion.parse(version.version()).sortKey()));
    }

    private static Number number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Double.parseDouble(value.n());
    }
}
