package io.modelfn.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.write.VersionRecord;
import io.modelfn.core.testkit.SampleModels;
import org.junit.jupiter.api.Test;

/**
 * A version records the object version of exactly the bytes the gate read, and validation reads that
 * object version again, whatever was written over the key since.
 */
class ArtifactPinningTest extends AdminUseCaseFixture {

    @Test
    void register_should_record_the_object_version_it_validated_when_the_bucket_keeps_versions() {
        // GIVEN a versioned bucket holding iris 1.1.0's bytes as 1.5.0
        store.versioned();
        String source = upload("iris", "1.5.0", artifact(IRIS_110));

        // WHEN the version is registered from its key, naming no object version
        VersionRecord stored = registrations.register("iris", "1.5.0", source, card(IRIS_110, "iris", "1.5.0"),
                reference(IRIS_110), null, ALICE).version();

        // THEN it is VALIDATED and pinned to the object version that was read
        assertThat(stored.version().state()).isEqualTo(LifecycleState.VALIDATED);
        assertThat(stored.version().artifact()).isEqualTo(new ArtifactLocation(source, "v1"));
        assertThat(fake.version(ModelKey.parse("iris/1.5.0")).orElseThrow().version().artifact().versionId())
                .isEqualTo("v1");
    }

    @Test
    void register_should_read_and_record_the_named_object_version_when_the_source_names_one() {
        // GIVEN the right bytes as the key's first version, then other bytes written over it
        store.versioned();
        String source = location("iris", "1.5.0");
        String first = store.put(source, artifact(IRIS_110));
        store.put(source, artifact(IRIS_100));

        // WHEN the version is registered from the first object version
        VersionRecord stored = registrations.register("iris", "1.5.0", source + "?versionId=" + first,
                card(IRIS_110, "iris", "1.5.0"), reference(IRIS_110), null, ALICE).version();

        // THEN the gate read the first version's bytes (they match the card) and that version is recorded
        assertThat(stored.version().state()).isEqualTo(LifecycleState.VALIDATED);
        assertThat(stored.version().sha256()).isEqualTo(SampleModels.card(IRIS_110).artifact().sha256());
        assertThat(stored.version().artifact()).isEqualTo(new ArtifactLocation(source, first));
    }

    @Test
    void register_should_record_no_object_version_when_the_store_keeps_none() {
        // GIVEN an unversioned bucket
        String source = upload("iris", "1.5.0", artifact(IRIS_110));

        // WHEN the version is registered
        VersionRecord stored = registrations.register("iris", "1.5.0", source, card(IRIS_110, "iris", "1.5.0"),
                reference(IRIS_110), null, ALICE).version();

        // THEN it is VALIDATED and says explicitly that no object version is pinned
        assertThat(stored.version().state()).isEqualTo(LifecycleState.VALIDATED);
        assertThat(stored.version().artifact()).isEqualTo(new ArtifactLocation(source, null));
    }

    @Test
    void register_should_refuse_and_store_nothing_when_the_named_object_version_does_not_exist() {
        // GIVEN a versioned bucket holding one version at the key
        store.versioned();
        String source = upload("iris", "1.5.0", artifact(IRIS_110));

        // WHEN the version is registered from an object version the key never had
        // THEN it is an invalid request and nothing is stored
        assertThatThrownBy(() -> registrations.register("iris", "1.5.0", source + "?versionId=v7",
                card(IRIS_110, "iris", "1.5.0"), null, null, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class)
                .hasMessageContaining("versionId=v7").hasMessageContaining("upload it first");
        assertNothingStored("iris", "1.5.0");
    }

    @Test
    void validate_should_read_the_recorded_object_version_when_other_bytes_were_written_over_the_key() {
        // GIVEN iris 1.5.0 registered FAILED (reference vectors of another model), pinned to v1,
        // then other bytes written over its key
        store.versioned();
        String source = upload("iris", "1.5.0", artifact(IRIS_110));
        catchValidationFailure(() -> registrations.register("iris", "1.5.0", source, card(IRIS_110, "iris", "1.5.0"),
                reference(IRIS_100), null, ALICE));
        byte[] other = artifact(IRIS_110);
        other[other.length - 1] ^= 0x01;
        store.put(source, other);

        // WHEN it is validated again with its own reference vectors
        VersionRegistration.Registration again = registrations.validate("iris", "1.5.0", reference(IRIS_110), null,
                ALICE);

        // THEN the gate read the recorded version (the overwrite would fail the digest) and it passed
        assertThat(again.report().passed()).as(again.report().failures()).isTrue();
        assertThat(again.version().version().state()).isEqualTo(LifecycleState.VALIDATED);
        assertThat(again.version().version().artifact()).isEqualTo(new ArtifactLocation(source, "v1"));
    }
}
