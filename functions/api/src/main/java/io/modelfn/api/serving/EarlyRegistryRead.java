package io.modelfn.api.serving;

import io.modelfn.aws.clients.ClientUse;
import io.modelfn.aws.lean.LeanClients;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.registry.dynamodb.DynamoDbChangeMarker;
import io.modelfn.registry.dynamodb.DynamoDbRegistryReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The registry read of a Lambda init, begun as the handler class loads, before the application's framework has
 * started: on one core the read's calls wait for DynamoDB's answers while the framework's start-up runs, instead
 * of after it. The start-up takes it ({@link #take}) as the registry cache's first read when it was made where
 * the application's configuration says the registry is; else it is dropped and the registry is read as before.
 *
 * <p>It is made with what the environment says, the way the application reads the same variables:
 * {@code MODELFN_REGISTRY_TABLE}, {@code MODELFN_AWS_REGION} (else {@code AWS_REGION}),
 * {@code MODELFN_AWS_DYNAMODB_ENDPOINT}, and a lean DynamoDB client ({@link LeanClients}) with the registry
 * read's retries and the application's default call timeout. It is made only when all of these are there:
 * on Lambda ({@code AWS_LAMBDA_RUNTIME_API}), a table named, the lean clients possible, no call timeout of the
 * deployer's own ({@value #CALL_TIMEOUT_VARIABLE}: the start-up's configuration reads that, in its own syntax), and
 * not switched off ({@value #SWITCH}{@code =false}). The change marker is read first, as every refresh does, so the read counts
 * for the revision it saw only when it would have counted in the cache ({@link RegistrySnapshotCache#start(
 * RegistrySnapshotCache.Read)}).
 *
 * <p>One per process, taken once. Thread-safe.
 */
public final class EarlyRegistryRead {

    /** Switch: {@code false} leaves the registry's first read to the start-up. */
    public static final String SWITCH = "MODELFN_EARLY_REGISTRY_READ";
    /** The application's default ({@code modelfn.aws.api-call-timeout}); a test holds the two equal. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    /** The variable that sets another call timeout; when it is there, no early read is made. */
    static final String CALL_TIMEOUT_VARIABLE = "MODELFN_AWS_API_CALL_TIMEOUT";
    /** How long the start-up waits for a read still under way before it reads itself (seconds). */
    static final long LONGEST_WAIT_SECONDS = 10;

    /**
     * The system properties the application's start-up sets first (its generated main class's static
     * initialiser), {@code org.jboss.logging.provider} last: JDK logging must not be touched before them, or it
     * starts without the application's log manager (and its JSON records).
     */
    static final List<String> FRAMEWORK_LOGGING = List.of("java.util.logging.manager",
            "logging.initial-configurator.min-level", "org.jboss.logging.provider");
    private static final long FRAMEWORK_LOGGING_WAIT_MILLIS = 5_000;

    private static EarlyRegistryRead pending;

    private final Where where;
    private final FutureTask<RegistrySnapshotCache.Read> read;

    /**
     * Where a read is made: the table, the configured region (empty: the environment's) and the configured
     * DynamoDB endpoint (empty: AWS's or {@code AWS_ENDPOINT_URL[_DYNAMODB]}).
     */
    public record Where(String table, Optional<String> region, Optional<String> dynamoDbEndpoint) {
    }

    EarlyRegistryRead(Where where, Supplier<RegistrySnapshotCache.Read> reading) {
        this.where = where;
        this.read = new FutureTask<>(reading::get);
    }

    /**
     * Begins the read on a thread of its own when {@code environment} allows it (see the class comment); once
     * per process.
     *
     * @return whether a read was begun
     */
    public static synchronized boolean begin(Map<String, String> environment) {
        if (pending != null || !wanted(environment)) {
            return false;
        }
        Where where = new Where(environment.get("MODELFN_REGISTRY_TABLE"), present(environment, "MODELFN_AWS_REGION"),
                present(environment, "MODELFN_AWS_DYNAMODB_ENDPOINT"));
        Optional<LeanClients> lean = LeanClients.from(where.region(), environment);
        if (lean.isEmpty()) {
            return false;
        }
        pending = new EarlyRegistryRead(where, () -> {
            // Nothing here may log (or load a class that does) before the start-up has set up logging.
            awaitFrameworkLogging();
            DynamoDbClient dynamoDb = lean.get().dynamoDb(ClientUse.REGISTRY_READ, CALL_TIMEOUT, where.dynamoDbEndpoint());
            return RegistrySnapshotCache.readOnce(Clock.systemUTC(), new DynamoDbRegistryReader(dynamoDb, where.table()),
                    new DynamoDbChangeMarker(dynamoDb, where.table(), false));
        });
        pending.start();
        return true;
    }

    /**
     * The read begun for {@code expected}, waited for (up to {@value #LONGEST_WAIT_SECONDS} s); empty when none was
     * begun, it was made elsewhere, it failed, or it is still under way. Taken once: a second call finds nothing.
     */
    public static Optional<RegistrySnapshotCache.Read> take(Where expected) {
        EarlyRegistryRead early;
        synchronized (EarlyRegistryRead.class) {
            early = pending;
            pending = null;
        }
        return early == null ? Optional.empty() : early.resultFor(expected, Duration.ofSeconds(LONGEST_WAIT_SECONDS));
    }

    void start() {
        Thread thread = new Thread(read, "modelfn-early-registry-read");
        thread.setDaemon(true);
        thread.start();
    }

    Optional<RegistrySnapshotCache.Read> resultFor(Where expected, Duration longestWait) {
        if (!where.equals(expected)) {
            log().infof("the registry read begun at the handler's load was made at %s, the configuration names %s: "
                    + "reading the registry again", where, expected);
            return Optional.empty();
        }
        try {
            return Optional.of(read.get(longestWait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            log().debugf("the registry read begun at the handler's load failed (%s): reading the registry again",
                    e.getCause());
        } catch (TimeoutException e) {
            log().warnf("the registry read begun at the handler's load is still under way after %d s: reading the "
                    + "registry again", longestWait.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private static void awaitFrameworkLogging() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FRAMEWORK_LOGGING_WAIT_MILLIS);
        while (!FRAMEWORK_LOGGING.stream().allMatch(name -> System.getProperty(name) != null)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the application's start-up did not set up logging within "
                        + FRAMEWORK_LOGGING_WAIT_MILLIS + " ms");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static Logger log() {
        // Not a static field: this class is loaded before the start-up has set up logging.
        return Logger.getLogger(EarlyRegistryRead.class);
    }

    private static boolean wanted(Map<String, String> environment) {
        return present(environment, "AWS_LAMBDA_RUNTIME_API").isPresent()
                && present(environment, "MODELFN_REGISTRY_TABLE").isPresent()
                && present(environment, CALL_TIMEOUT_VARIABLE).isEmpty()
                && !"false".equalsIgnoreCase(environment.get(SWITCH));
    }

    private static Optional<String> present(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
