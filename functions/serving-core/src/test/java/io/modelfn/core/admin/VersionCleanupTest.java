package io.modelfn.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.VersionRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clean-up: old versions and their artifacts go, versions in use stay.
 */
class VersionCleanupTest extends AdminUseCaseFixture {
    @Test
    void cleanup_should_keep_the_newest_and_everything_in_use_and_delete_the_rest_with_their_artifacts() {
        // GIVEN fraud versions: some used by aliases (now and before), an endpoint (weight 0, shadow), others not
        givenFraudVersionsInUse();

        // WHEN the model is cleaned up keeping the newest two
        VersionCleanup.Cleanup cleanup = cleanups.cleanup("fraud", 2, false, ALICE);

        // THEN the newest two by semantic version and every version in use are kept; the rest are gone
        assertThat(cleanup.kept()).containsExactly("1.10.0", "1.9.0", "1.6.0", "1.5.0", "1.4.0", "1.3.0", "1.2.0");
        assertThat(cleanup.deleted()).containsExactly("1.8.0", "1.7.0", "1.1.0", "1.0.0", "0.9.0");
        assertThat(fake.versions("fraud")).extracting(v -> v.version().key().version())
                .containsExactlyInAnyOrderElementsOf(cleanup.kept());
        assertThat(storage.deleted()).containsExactlyInAnyOrderElementsOf(cleanup.deleted().stream()
                .map(v -> PREFIX + "fraud/" + v + "/model.onnx").toList());
        assertThat(audit("fraud")).filteredOn(e -> e.action().equals(AuditEvent.DELETE_VERSION))
                .hasSize(cleanup.deleted().size())
                .allSatisfy(e -> assertThat(e.to()).isNull());
    }

    @Test
    void cleanup_should_delete_nothing_when_it_is_a_dry_run() {
        // GIVEN the same fraud versions
        givenFraudVersionsInUse();
        List<VersionRecord> before = fake.versions("fraud");
        int events = audit("fraud").size();

        // WHEN a dry run keeps the newest two
        VersionCleanup.Cleanup cleanup = cleanups.cleanup("fraud", 2, true, ALICE);

        // THEN it names what a real run would delete, and deletes nothing
        assertThat(cleanup.deleted()).containsExactly("1.8.0", "1.7.0", "1.1.0", "1.0.0", "0.9.0");
        assertThat(fake.versions("fraud")).isEqualTo(before);
        assertThat(storage.deleted()).isEmpty();
        assertThat(audit("fraud")).hasSize(events);
    }

    @Test
    void cleanup_should_refuse_keeping_fewer_than_one_and_unknown_models() {
        // GIVEN one version
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);

        // WHEN keep is 0, or the model is unknown / THEN each is refused and nothing deleted
        assertThatThrownBy(() -> cleanups.cleanup("iris", 0, false, ALICE)).isInstanceOf(InvalidAdminRequestException.class);
        assertThatThrownBy(() -> cleanups.cleanup("nosuch", 1, false, ALICE)).isInstanceOf(VersionNotFoundException.class);
        assertThat(fake.versions("iris")).hasSize(1);
        assertThat(storage.deleted()).isEmpty();
    }

    @Test
    void cleanup_should_not_delete_an_artifact_a_kept_version_still_uses() {
        // GIVEN iris 1.1.0 in production, 1.2.0 on the very same object (stored before artifact keys were
        // immutable: registration refuses that now), and a newer 2.0.0
        VersionRecord production = registerSample(IRIS_110, "iris", "1.1.0");
        lifecycle.promote("iris", "1.1.0", null, SEEDER);
        ModelVersion shared = production.version();
        fake.createVersion(new ModelVersion(ModelKey.parse("iris/1.2.0"), shared.artifact(), shared.sha256(),
                shared.sizeBytes(), shared.signature(), LifecycleState.VALIDATED, shared.task(), shared.labels(),
                shared.features(), clock.instant()), card(IRIS_110, "iris", "1.2.0").toString(), SEEDER);
        registerSample(IRIS_110, "iris", "2.0.0");

        // WHEN the model is cleaned up keeping the newest one
        VersionCleanup.Cleanup cleanup = cleanups.cleanup("iris", 1, false, ALICE);

        // THEN 1.2.0 is deleted, but the production version's artifact is not
        assertThat(cleanup.deleted()).containsExactly("1.2.0");
        assertThat(storage.deleted()).doesNotContain(production.version().artifact().uri());
    }
}
