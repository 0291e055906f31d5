package io.modelfn.api.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.modelfn.core.artifact.InvalidModelArtifactException;
import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.inference.ModelLoadException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.store.ModelStoreUnavailableException;
import io.modelfn.core.testkit.InMemoryModelRegistry;
import io.modelfn.core.testkit.Registries;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which load failures mark a version FAILED, with what, and that a failing registry write is only logged. */
class FailedArtifactMarkerTest {

    private static final ModelKey KEY = ModelKey.parse("iris/1.1.0");

    private final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    private final List<String> forwarded = new ArrayList<>();
    private final FailedArtifactMarker marker = new FailedArtifactMarker(new CacheListener() {
        @Override
        public void loadFailed(ModelKey key, Throwable cause) {
            forwarded.add("loadFailed " + key);
        }
    }, () -> registry);

    FailedArtifactMarkerTest() {
        registry.createVersion(Registries.sample("iris/1.1.0"), "{}", Change.by("test", "setup"));
    }

    private LifecycleState state() {
        return registry.version(KEY).orElseThrow().version().state();
    }

    @Test
    void loadFailed_should_mark_the_version_failed_with_the_reason_when_the_artifact_was_refused() {
        // GIVEN a validated version whose load failed on its artifact (wrapped, as the cache reports it)
        Throwable cause = new ModelLoadException("iris/1.1.0 cannot be loaded",
                new InvalidModelArtifactException("iris/1.1.0: artifact sha256 abc does not match the registered def"));

        // WHEN the cache reports the failure
        marker.loadFailed(KEY, cause);

        // THEN the version is FAILED when the call returns (nothing is left to a background thread), the
        // reason says why, the audit names the serving path as actor, and the decorated listener heard it too
        assertThat(state()).isEqualTo(LifecycleState.FAILED);
        assertThat(registry.version(KEY).orElseThrow().stateReason()).contains("sha256 abc does not match");
        List<AuditEvent> audit = registry.audit(AuditEvent.modelSubject("iris"), 5);
        assertThat(audit.get(0).actor()).isEqualTo(FailedArtifactMarker.ACTOR);
        assertThat(forwarded).containsExactly("loadFailed iris/1.1.0");
    }

    @Test
    void loadFailed_should_mark_nothing_when_the_failure_says_nothing_about_the_artifact() {
        // GIVEN failures of the store and of the engine, not of the artifact
        marker.loadFailed(KEY, new ModelLoadException("down", new ModelStoreUnavailableException("S3 is down", null)));
        marker.loadFailed(KEY, new IllegalStateException("engine crashed"));

        // THEN the version keeps its state
        assertThat(state()).isEqualTo(LifecycleState.VALIDATED);
        assertThat(forwarded).hasSize(2);
    }

    @Test
    void mark_should_only_log_when_the_registry_write_fails() {
        // GIVEN a registry that is down
        registry.setUnavailable(true);

        // WHEN a refused artifact is marked
        // THEN nothing is thrown (the request already got its 503)
        assertThatCode(() -> marker.mark(KEY, "refused")).doesNotThrowAnyException();
        registry.setUnavailable(false);
        assertThat(state()).isEqualTo(LifecycleState.VALIDATED);
    }

    @Test
    void mark_should_leave_an_already_failed_or_unknown_version_alone() {
        // GIVEN a version already FAILED, and a key the registry does not know
        marker.mark(KEY, "first");
        long revision = registry.version(KEY).orElseThrow().revision();

        // WHEN both are marked again
        marker.mark(KEY, "second");
        marker.mark(ModelKey.parse("ghost/1.0.0"), "refused");

        // THEN nothing more is written
        assertThat(registry.version(KEY).orElseThrow().revision()).isEqualTo(revision);
        assertThat(registry.version(KEY).orElseThrow().stateReason()).isEqualTo("first");
    }
}
