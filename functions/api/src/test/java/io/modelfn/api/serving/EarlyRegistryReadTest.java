package io.modelfn.api.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.registry.RegistryRevision;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.registry.RegistryUnavailableException;
import io.modelfn.core.testkit.Registries;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link EarlyRegistryRead}: a read begun before the start-up, taken only where the configuration reads. */
class EarlyRegistryReadTest {

    private static final EarlyRegistryRead.Where WHERE =
            new EarlyRegistryRead.Where("modelfn-registry", Optional.of("eu-west-1"), Optional.empty());
    private static final RegistrySnapshotCache.Read READ = new RegistrySnapshotCache.Read(Instant.EPOCH,
            new RegistryRevision(3, Instant.EPOCH), Registries.snapshot(List.of(), List.of()));

    @Test
    void resultFor_should_give_the_read_when_it_was_made_where_the_configuration_reads() {
        EarlyRegistryRead early = new EarlyRegistryRead(WHERE, () -> READ);
        early.start();

        assertThat(early.resultFor(WHERE, Duration.ofSeconds(5))).contains(READ);
    }

    @Test
    void resultFor_should_give_nothing_without_waiting_when_the_configuration_names_another_table() throws Exception {
        // GIVEN a read that never ends
        CountDownLatch never = new CountDownLatch(1);
        EarlyRegistryRead early = new EarlyRegistryRead(WHERE, () -> awaitThenRead(never));
        early.start();

        // WHEN the configuration names another table, or another endpoint
        long started = System.nanoTime();
        Optional<RegistrySnapshotCache.Read> otherTable = early.resultFor(
                new EarlyRegistryRead.Where("other-registry", WHERE.region(), WHERE.dynamoDbEndpoint()), Duration.ofSeconds(5));
        Optional<RegistrySnapshotCache.Read> otherEndpoint = early.resultFor(
                new EarlyRegistryRead.Where(WHERE.table(), WHERE.region(), Optional.of("http://127.0.0.1:8000")),
                Duration.ofSeconds(5));

        // THEN nothing, at once
        assertThat(otherTable).isEmpty();
        assertThat(otherEndpoint).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        never.countDown();
    }

    @Test
    void resultFor_should_give_nothing_when_the_read_failed_or_is_still_under_way() {
        EarlyRegistryRead failed = new EarlyRegistryRead(WHERE, () -> {
            throw new RegistryUnavailableException("DynamoDB is down");
        });
        failed.start();
        CountDownLatch never = new CountDownLatch(1);
        EarlyRegistryRead slow = new EarlyRegistryRead(WHERE, () -> awaitThenRead(never));
        slow.start();

        assertThat(failed.resultFor(WHERE, Duration.ofSeconds(5))).isEmpty();
        assertThat(slow.resultFor(WHERE, Duration.ofMillis(100))).isEmpty();
        never.countDown();
    }

    @Test
    void begin_should_read_nothing_off_lambda_when_switched_off_without_a_table_or_with_the_deployers_own_timeout() {
        AtomicInteger begun = new AtomicInteger();
        Map<String, String> lambda = Map.of("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001", "MODELFN_REGISTRY_TABLE", "t",
                "AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret");
        Map<String, String> switchedOff = new HashMap<>(lambda);
        switchedOff.put(EarlyRegistryRead.SWITCH, "false");
        Map<String, String> ownTimeout = new HashMap<>(lambda);
        ownTimeout.put(EarlyRegistryRead.CALL_TIMEOUT_VARIABLE, "10s");
        for (Map<String, String> environment : List.of(
                Map.of("MODELFN_REGISTRY_TABLE", "t", "AWS_REGION", "eu-west-1"),
                switchedOff,
                ownTimeout,
                Map.of("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001", "AWS_REGION", "eu-west-1"))) {
            if (EarlyRegistryRead.begin(environment)) {
                begun.incrementAndGet();
            }
        }

        assertThat(begun).hasValue(0);
        assertThat(EarlyRegistryRead.take(WHERE)).isEmpty();
    }

    @Test
    void the_early_reads_call_timeout_should_be_the_applications_default() throws NoSuchMethodException {
        // The early read is made before the configuration is read: its timeout is a copy of the configuration's default.
        String configured = ModelfnConfig.Aws.class.getMethod("apiCallTimeout").getAnnotation(WithDefault.class).value();

        assertThat(Duration.parse("PT" + configured.toUpperCase(Locale.ROOT))).isEqualTo(EarlyRegistryRead.CALL_TIMEOUT);
    }

    /** A read that ends only when {@code gate} opens. */
    private static RegistrySnapshotCache.Read awaitThenRead(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return READ;
    }
}
