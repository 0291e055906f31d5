package io.modelfn.registry.dynamodb;

import io.modelfn.core.registry.RegistryUnavailableException;
import io.modelfn.core.registry.RegistryWriteOutcomeUnknownException;
import io.modelfn.core.registry.write.ConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Runs the registry's writes as one {@code TransactWriteItems} each, and turns DynamoDB's answers
 * into the port's exceptions:
 *
 * <ul>
 *   <li>a {@code ConditionalCheckFailed} reason: {@link ConflictException}, naming the step whose
 *       guard failed (its key and expected revision, never its contents);</li>
 *   <li>only {@code TransactionConflict} reasons (another transaction was writing the same items at
 *       that moment): the same transaction again after a jittered pause, up to
 *       {@value #MAX_ATTEMPTS} attempts in all, then {@link ConflictException}. Nothing is re-read
 *       or re-validated: the revision conditions decide whether the retry may write;</li>
 *   <li>anything else: {@link RegistryUnavailableException}. A transaction is all or nothing, so
 *       nothing is half-written.</li>
 * </ul>
 *
 * <p>Every transaction also adds one to the registry's change marker ({@code REGISTRY}/{@code REVISION},
 * the last item of the transaction, unguarded): the marker moves exactly when a change commits.
 * Concurrent changes of different items now meet on that item; DynamoDB answers the loser with
 * {@code TransactionConflict}, which is retried as above.
 *
 * <p>Each attempt carries a fresh {@code ClientRequestToken}: when the SDK resends an attempt whose
 * answer was lost, DynamoDB answers the resend with the first outcome instead of failing its
 * condition against the attempt's own write.
 *
 * <p>Thread-safe.
 */
final class RegistryTransactions {

    /** DynamoDB allows 100 items in one transaction; one of them is the change marker. */
    static final int MAX_ITEMS = 99;
    static final int MAX_ATTEMPTS = 6;
    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    private static final String TRANSACTION_CONFLICT = "TransactionConflict";
    private static final Pattern REASONS_IN_MESSAGE = Pattern.compile("\\[([A-Za-z, ]+)\\]");

    private final DynamoDbClient client;
    private final String tableName;

    RegistryTransactions(DynamoDbClient client, String tableName) {
        this.client = client;
        this.tableName = tableName;
    }

    /**
     * One item of a transaction.
     *
     * @param what the item, as a message names it (e.g. {@code endpoint 'iris'})
     * @param expectedRevision the revision its condition expects, 0 for "must not exist", -1 for an
     *     item written without a guard of the caller's
     */
    record Step(TransactWriteItem item, String what, long expectedRevision) {

        Step {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(what, "what");
        }

        static Step unguarded(TransactWriteItem item, String what) {
            return new Step(item, what, -1);
        }
    }

    /** The message of a failed guard: the item and the revision expected, never its contents. */
    static String conflict(String what, long expectedRevision) {
        if (expectedRevision == 0) {
            return what + " already exists; nothing was written";
        }
        if (expectedRevision < 0) {
            return what + " was written by another request at the same time; nothing was written, re-read and retry";
        }
        return what + " is not at revision " + expectedRevision + " any more (another request changed or removed it);"
                + " nothing was written, re-read and retry";
    }

    /**
     * Writes all steps and the change marker's increment in one transaction.
     *
     * @param now when the change is made (the marker's {@code changedAt})
     *
     * @throws ConflictException when a condition fails, or the items stay contended; nothing was written
     * @throws RegistryWriteOutcomeUnknownException when no answer came back (timeout, dropped connection,
     *     server error): the transaction may have been applied
     * @throws RegistryUnavailableException when DynamoDB refused the call (throttled, invalid); nothing
     *     was written
     */
    void write(List<Step> steps, Instant now) {
        if (steps.isEmpty()) {
            return;
        }
        if (steps.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("a transaction holds at most " + MAX_ITEMS + " items, not " + steps.size());
        }
        List<TransactWriteItem> items = new ArrayList<>(steps.size() + 1);
        steps.forEach(step -> items.add(step.item()));
        items.add(revisionIncrement(tableName, now));
        for (int attempt = 1; ; attempt++) {
            String token = UUID.randomUUID().toString();
            try {
                client.transactWriteItems(b -> b.transactItems(items).clientRequestToken(token));
                return;
            } catch (TransactionCanceledException e) {
                List<String> codes = reasonCodes(e, items.size());
                int failed = codes.indexOf(CONDITIONAL_CHECK_FAILED);
                if (failed >= 0) {
                    Step step = steps.get(failed);
                    throw new ConflictException(conflict(step.what(), step.expectedRevision()));
                }
                if (!codes.contains(TRANSACTION_CONFLICT)) {
                    throw unavailable(e);
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new ConflictException(steps.get(0).what() + " is being changed by other requests at the"
                            + " same time (" + MAX_ATTEMPTS + " attempts); nothing was written, re-read and retry");
                }
                pause(attempt);
            } catch (SdkException e) {
                if (outcomeUnknown(e)) {
                    throw new RegistryWriteOutcomeUnknownException("registry table '" + tableName + "' did not confirm a "
                            + "write, which may or may not have been applied: " + SdkFailures.describe(e), e);
                }
                throw unavailable(e);
            }
        }
    }

    /** The change marker's update: {@code ADD revision 1, SET changedAt}. */
    static TransactWriteItem revisionIncrement(String tableName, Instant now) {
        return TransactWriteItem.builder().update(u -> u.tableName(tableName)
                .key(RegistryTableSchema.revisionKey())
                .updateExpression("ADD #revision :one SET #changedAt = :now")
                .expressionAttributeNames(Map.of("#revision", RegistryTableSchema.REVISION,
                        "#changedAt", RegistryTableSchema.CHANGED_AT))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                        ":now", AttributeValue.fromS(now.toString())))).build();
    }

    /**
     * Whether the transaction may have been applied although the call failed: a failure on our side of
     * the wire (timeout, connection) or a server error. A refusal (4xx: throttled, invalid) applied nothing.
     */
    static boolean outcomeUnknown(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    private RegistryUnavailableException unavailable(SdkException e) {
        return new RegistryUnavailableException(
                "registry table '" + tableName + "' cannot be written: " + SdkFailures.describe(e), e);
    }

    /**
     * The cancellation reason of each item, in order. DynamoDB returns them as a list; a client that
     * loses the list still has them in the message ({@code "... [None, ConditionalCheckFailed]"}).
     */
    static List<String> reasonCodes(TransactionCanceledException e, int stepCount) {
        if (e.hasCancellationReasons() && !e.cancellationReasons().isEmpty()) {
            return e.cancellationReasons().stream().map(CancellationReason::code).map(c -> c == null ? "None" : c).toList();
        }
        String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : String.valueOf(e.getMessage());
        Matcher matcher = REASONS_IN_MESSAGE.matcher(message);
        if (matcher.find()) {
            List<String> codes = new ArrayList<>();
            for (String code : matcher.group(1).split(",")) {
                codes.add(code.trim());
            }
            if (codes.size() == stepCount) {
                return codes;
            }
        }
        return List.of();
    }

    /** Jittered exponential pause: 10, 20, 40, 80, 160 ms at most, each between half and all of it. */
    private static void pause(int attempt) {
        long ceiling = FIRST_PAUSE_MILLIS << (attempt - 1);
        long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while retrying a registry transaction", e);
        }
    }
}
