package io.modelfn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.Registries;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory registry: finding a model by its name, and a snapshot read again. */
class RegistrySnapshotTest {

    private static ModelVersion version(String key) {
        return Registries.version(key, FakeEngine.SIGNATURE, "local:" + key + "/model.onnx", "0".repeat(64), 1);
    }

    @Test
    void hasModel_should_know_every_model_with_a_version_and_no_other_name() {
        // GIVEN versions of two models, one of them a name that is a prefix of the other's
        Map<ModelKey, ModelVersion> versions = new HashMap<>();
        for (String key : new String[] {"iris/1.0.0", "iris/1.1.0", "iris-large/2.0.0"}) {
            versions.put(ModelKey.parse(key), version(key));
        }
        RegistrySnapshot snapshot = new RegistrySnapshot(Map.of(), versions, Map.of(), Instant.EPOCH);

        // WHEN / THEN each model is found by its name, nothing else is, and the caller's map is not held
        versions.clear();
        assertThat(snapshot.hasModel("iris")).isTrue();
        assertThat(snapshot.hasModel("iris-large")).isTrue();
        assertThat(snapshot.hasModel("iri")).isFalse();
        assertThat(snapshot.hasModel("1.0.0")).isFalse();
        assertThat(RegistrySnapshot.empty(Instant.EPOCH).hasModel("iris")).isFalse();
        assertThat(snapshot.versions()).hasSize(3);
    }

    @Test
    void a_snapshot_read_again_should_hold_the_same_registry_at_the_new_time() {
        // GIVEN a snapshot
        RegistrySnapshot snapshot = new RegistrySnapshot(Map.of(), Map.of(ModelKey.parse("iris/1.0.0"), version("iris/1.0.0")),
                Map.of("iris", Map.of("prod", "1.0.0")), Instant.EPOCH);

        // WHEN it is read again later
        RegistrySnapshot again = snapshot.readAgainAt(Instant.ofEpochSecond(60));

        // THEN only the time differs
        assertThat(again.readAt()).isEqualTo(Instant.ofEpochSecond(60));
        assertThat(again.hasModel("iris")).isTrue();
        assertThat(again.alias("iris", "prod")).contains("1.0.0");
        assertThat(again).isNotEqualTo(snapshot).isEqualTo(new RegistrySnapshot(snapshot.endpoints(), snapshot.versions(),
                snapshot.aliases(), Instant.ofEpochSecond(60)));
        assertThat(again.hashCode()).isEqualTo(new RegistrySnapshot(snapshot.endpoints(), snapshot.versions(),
                snapshot.aliases(), Instant.ofEpochSecond(60)).hashCode());
    }
}
