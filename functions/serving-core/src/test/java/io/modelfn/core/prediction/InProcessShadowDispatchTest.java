package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.shadow.ShadowCopy;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.InMemoryModelStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessShadowDispatchTest {

    @TempDir
    Path dir;

    private final InMemoryModelStore store = new InMemoryModelStore();
    private final ShadowTestKit.RecordedEvents events = new ShadowTestKit.RecordedEvents();
    private ModelCache cache;
    private InProcessShadowDispatch dispatch;

    @AfterEach
    void close() {
        if (dispatch != null) {
            dispatch.close();
        }
        if (cache != null) {
            cache.close();
        }
    }

    private InProcessShadowDispatch dispatch(int queue) {
        cache = new ModelCache(store, new FakeEngine(), new ModelCache.Settings(dir, 1 << 20, Duration.ofSeconds(5),
                Duration.ZERO, 1), CacheListener.NONE);
        dispatch = new InProcessShadowDispatch(new ShadowComparison(cache, null, events), events, 1, queue);
        return dispatch;
    }

    @Test
    void dispatch_should_count_the_copy_sent_and_compare_it_on_the_pool() throws Exception {
        // GIVEN a working shadow
        ModelVersion shadow = ShadowTestKit.stored(store, "shadow/1.0.0");
        InProcessShadowDispatch d = dispatch(8);

        // WHEN one copy is dispatched
        d.dispatch(copy(shadow));

        // THEN it was counted as sent, and is compared (agreeing) on the pool
        waitFor(() -> events.count(MetricsContract.SHADOW_COMPARED) == 1);
        assertThat(events.values(MetricsContract.SHADOW_REQUESTS)).containsExactly(1.0);
        assertThat(events.values(MetricsContract.SHADOW_DISAGREEMENT)).containsExactly(0.0);
        assertThat(events.values(MetricsContract.SHADOW_SKIPPED)).isEmpty();
    }

    @Test
    void dispatch_should_return_at_once_and_count_every_copy_as_sent_or_skipped_when_the_queue_is_full()
            throws Exception {
        // GIVEN a shadow whose artifact download hangs, and a queue of one
        ModelVersion slow = ShadowTestKit.stored(store, "slow/1.0.0");
        store.hold();
        InProcessShadowDispatch d = dispatch(1);

        // WHEN 20 copies are dispatched
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            d.dispatch(copy(slow));
        }
        long micros = (System.nanoTime() - start) / 1000;
        store.release();
        long sent = events.count(MetricsContract.SHADOW_REQUESTS);
        // Let the sent copies finish before the temporary folder goes away.
        waitFor(() -> events.count(MetricsContract.SHADOW_COMPARED) + events.count(MetricsContract.SHADOW_FAILED)
                == sent);

        // THEN the caller never waited, at most two were taken (one running, one queued), the rest skipped
        assertThat(micros).as("callers never wait for shadows").isLessThan(200_000);
        assertThat(sent).isBetween(1L, 2L);
        assertThat(events.count(MetricsContract.SHADOW_SKIPPED)).isEqualTo(20 - sent);
        assertThat(d.skipped()).isEqualTo(20 - sent);
    }

    private static ShadowCopy copy(ModelVersion shadow) {
        return new ShadowCopy("iris", shadow, ShadowTestKit.input(), ShadowTestKit.sum(10f), null, "req", 1);
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            never.await(25, TimeUnit.MILLISECONDS);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
