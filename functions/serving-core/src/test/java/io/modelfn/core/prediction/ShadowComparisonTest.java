package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.shadow.ShadowCopy;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.InMemoryModelStore;
import io.modelfn.core.testkit.Registries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShadowComparisonTest {

    @TempDir
    Path dir;

    private final InMemoryModelStore store = new InMemoryModelStore();
    private final ShadowTestKit.RecordedEvents events = new ShadowTestKit.RecordedEvents();
    private ModelCache cache;

    @AfterEach
    void close() {
        if (cache != null) {
            cache.close();
        }
    }

    private ShadowComparison comparison() {
        cache = new ModelCache(store, new FakeEngine(), new ModelCache.Settings(dir, 1 << 20, Duration.ofSeconds(5),
                Duration.ZERO, 1), CacheListener.NONE);
        return new ShadowComparison(cache, null, events);
    }

    @Test
    void disagree_should_compare_labels_when_both_answers_have_them() {
        Map<String, Tensor> a = Map.of("label", Tensor.ofLongs("label", new long[] {2}, new long[] {0, 1}));
        Map<String, Tensor> b = Map.of("label", Tensor.ofLongs("label", new long[] {2}, new long[] {0, 2}));

        assertThat(ShadowComparison.disagree(a, a)).isFalse();
        assertThat(ShadowComparison.disagree(a, b)).isTrue();
    }

    @Test
    void disagree_should_allow_small_floating_point_differences() {
        assertThat(ShadowComparison.disagree(ShadowTestKit.sum(10f), ShadowTestKit.sum(10.00001f))).isFalse();
        assertThat(ShadowComparison.disagree(ShadowTestKit.sum(10f), ShadowTestKit.sum(10.5f))).isTrue();
    }

    @Test
    void compare_should_record_one_comparison_and_its_agreement_when_the_shadow_runs() throws Exception {
        // GIVEN a shadow that sums 1+2+3+4, and served answers of 10 and 11
        ModelVersion shadow = ShadowTestKit.stored(store, "shadow/1.0.0");
        ShadowComparison comparison = comparison();

        // WHEN both copies are compared
        var agreed = comparison.compare(copy(shadow, 10f));
        var disagreed = comparison.compare(copy(shadow, 11f));

        // THEN one agrees, one does not, and each left ShadowCompared 1 and its ShadowDisagreement
        assertThat(agreed).isEqualTo(ShadowComparison.Outcome.AGREED);
        assertThat(disagreed).isEqualTo(ShadowComparison.Outcome.DISAGREED);
        assertThat(events.values(MetricsContract.SHADOW_COMPARED)).containsExactly(1.0, 1.0);
        assertThat(events.values(MetricsContract.SHADOW_DISAGREEMENT)).containsExactly(0.0, 1.0);
        assertThat(events.values(MetricsContract.SHADOW_FAILED)).isEmpty();
        assertThat(events.all()).allSatisfy(e -> assertThat(e.variant()).isEqualTo("shadow"));
    }

    @Test
    void compare_should_count_only_a_failure_when_the_shadow_cannot_run() {
        // GIVEN a shadow version whose artifact is missing
        ModelVersion missing = Registries.version("shadow/2.0.0", FakeEngine.SIGNATURE, "mem:nothing-here",
                "0".repeat(64), 1);

        // WHEN its copy is compared
        var outcome = comparison().compare(copy(missing, 10f));

        // THEN it failed, counted once, and no comparison was claimed
        assertThat(outcome).isEqualTo(ShadowComparison.Outcome.FAILED);
        assertThat(events.values(MetricsContract.SHADOW_FAILED)).containsExactly(1.0);
        assertThat(events.values(MetricsContract.SHADOW_COMPARED)).isEmpty();
        assertThat(events.values(MetricsContract.SHADOW_DISAGREEMENT)).isEmpty();
    }

    private static ShadowCopy copy(ModelVersion shadow, float served) {
        return new ShadowCopy("iris", shadow, ShadowTestKit.input(), ShadowTestKit.sum(served), null, "req-1", 1);
    }
}
