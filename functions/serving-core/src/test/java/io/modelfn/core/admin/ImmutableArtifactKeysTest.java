package io.modelfn.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.VersionRecord;
import io.modelfn.core.testkit.SampleModels;
import org.junit.jupiter.api.Test;

/**
 * Artifact keys are immutable: no upload is prepared for a key that is registered or holds an object,
 * and no version is registered from another version's key.
 */
class ImmutableArtifactKeysTest extends AdminUseCaseFixture {

    @Test
    void prepareUpload_should_hand_out_a_ticket_for_the_versions_own_key_when_it_is_free() {
        // GIVEN nothing registered or stored at iris/1.5.0

        // WHEN an upload is prepared
        UploadTicket ticket = registrations.prepareUpload("iris", "1.5.0");

        // THEN the ticket is for that version's key
        assertThat(ticket.location()).isEqualTo(location("iris", "1.5.0"));
        assertThat(storage.prepared()).containsExactly(ModelKey.parse("iris/1.5.0"));
    }

    @Test
    void prepareUpload_should_conflict_when_the_version_is_registered() {
        // GIVEN iris 1.1.0 registered
        registerSample(IRIS_110, "iris", "1.1.0");

        // WHEN an upload is prepared for it / THEN 409, and no ticket is handed out
        assertThatThrownBy(() -> registrations.prepareUpload("iris", "1.1.0"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("iris/1.1.0 is already registered").hasMessageContaining("immutable");
        assertThat(storage.prepared()).isEmpty();
    }

    @Test
    void prepareUpload_should_conflict_when_a_registered_version_uses_the_key() {
        // GIVEN iris 2.0.0 registered from the key of iris/1.5.0 (which is itself not registered), and no
        // object at that key any more
        ModelCard card = SampleModels.card(IRIS_110);
        fake.createVersion(new ModelVersion(ModelKey.parse("iris/2.0.0"), new ArtifactLocation(location("iris", "1.5.0"),
                "v1"), card.artifact().sha256(), card.artifact().sizeBytes(), card.signature(), LifecycleState.VALIDATED,
                card.task(), card.labels(), card.features(), clock.instant()), card(IRIS_110, "iris", "2.0.0").toString(),
                SEEDER);

        // WHEN an upload is prepared for iris/1.5.0 / THEN 409 naming the version that uses the key
        assertThatThrownBy(() -> registrations.prepareUpload("iris", "1.5.0"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(location("iris", "1.5.0")).hasMessageContaining("iris/2.0.0");
        assertThat(storage.prepared()).isEmpty();
    }

    @Test
    void prepareUpload_should_conflict_when_an_object_is_already_stored_at_the_key() {
        // GIVEN bytes uploaded for iris/1.5.0, not registered yet
        upload("iris", "1.5.0", artifact(IRIS_110));

        // WHEN another upload is prepared for it / THEN 409: the stored object may be registered as it is
        assertThatThrownBy(() -> registrations.prepareUpload("iris", "1.5.0"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("already stored at " + location("iris", "1.5.0"));
        assertThat(storage.prepared()).isEmpty();
    }

    @Test
    void register_should_conflict_and_fetch_nothing_when_the_source_is_another_versions_key() {
        // GIVEN iris 1.1.0 registered from its own key
        registerSample(IRIS_110, "iris", "1.1.0");
        int opensBefore = store.opens();

        // WHEN iris 1.2.0 is registered from 1.1.0's key
        // THEN 409 naming the version that owns the key; nothing was read and nothing stored
        assertThatThrownBy(() -> registrations.register("iris", "1.2.0", location("iris", "1.1.0"),
                card(IRIS_110, "iris", "1.2.0"), null, null, ALICE))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("iris/1.1.0").hasMessageContaining("immutable");
        assertThat(store.opens()).isEqualTo(opensBefore);
        assertThat(fake.version(ModelKey.parse("iris/1.2.0"))).isEmpty();
    }

    @Test
    void register_should_conflict_when_the_source_is_another_versions_key_with_another_object_version() {
        // GIVEN iris 1.1.0 registered in a versioned bucket, then other bytes written over its key
        store.versioned();
        VersionRecord registered = registerSample(IRIS_110, "iris", "1.1.0");
        String newer = store.put(location("iris", "1.1.0"), artifact(IRIS_100));

        // WHEN iris 1.2.0 is registered from that key's newer object version
        // THEN it is still 1.1.0's key: 409
        assertThat(newer).isNotEqualTo(registered.version().artifact().versionId());
        assertThatThrownBy(() -> registrations.register("iris", "1.2.0", location("iris", "1.1.0") + "?versionId=" + newer,
                card(IRIS_100, "iris", "1.2.0"), null, null, ALICE))
                .isInstanceOf(ConflictException.class);
        assertThat(fake.version(ModelKey.parse("iris/1.2.0"))).isEmpty();
    }
}
