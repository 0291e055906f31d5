package io.modelfn.core.prediction;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.RequestMetrics;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.InMemoryModelStore;
import io.modelfn.core.testkit.Registries;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the shadow tests share: inputs, answers, stored versions and a recorder of metric events. */
final class ShadowTestKit {

    private ShadowTestKit() {
    }

    static Map<String, Tensor> input() {
        return Map.of("input", Tensor.ofFloats("input", new long[] {1, 4}, new float[] {1, 2, 3, 4}));
    }

    static Map<String, Tensor> sum(float value) {
        return Map.of("sum", Tensor.ofFloats("sum", new long[] {1, 1}, new float[] {value}));
    }

    /** A version of the fake engine's signature whose artifact is in the store. */
    static ModelVersion stored(InMemoryModelStore store, String key) throws Exception {
        byte[] bytes = ("weights of " + key).getBytes();
        store.put("mem:" + key, bytes);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        return Registries.version(key, FakeEngine.SIGNATURE, "mem:" + key, sha, bytes.length);
    }

    /** One custom metric record. */
    record Event(String endpoint, String variant, String model, String version, String metric, double value) {
    }

    /** Keeps every custom record (thread-safe). */
    static final class RecordedEvents implements Metrics {
        private final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void record(RequestMetrics request) {
        }

        @Override
        public void recordEvent(String endpoint, String variant, String model, String version, String metric,
                double value, String unit) {
            events.add(new Event(endpoint, variant, model, version, metric, value));
        }

        List<Event> all() {
            return List.copyOf(events);
        }

        List<Double> values(String metric) {
            return events.stream().filter(e -> e.metric().equals(metric)).map(Event::value).toList();
        }

        long count(String metric) {
            return values(metric).size();
        }
    }
}
