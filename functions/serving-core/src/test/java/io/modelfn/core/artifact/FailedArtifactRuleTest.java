package io.modelfn.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.registry.LifecycleState;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which load failures make a version FAILED, with what reason, and from which states. */
class FailedArtifactRuleTest {

    @Test
    void artifactProblem_should_find_the_refusal_anywhere_in_the_causes() {
        // GIVEN a refused artifact wrapped three deep
        InvalidModelArtifactException problem = new InvalidModelArtifactException("refers to external data");
        Throwable deep = new RuntimeException(new IllegalStateException(new RuntimeException(problem)));

        // WHEN searched THEN it is found; failures without one, and null, give nothing
        assertThat(FailedArtifactRule.artifactProblem(deep)).contains(problem);
        assertThat(FailedArtifactRule.artifactProblem(new RuntimeException("x"))).isEmpty();
        assertThat(FailedArtifactRule.artifactProblem(null)).isEmpty();
    }

    @Test
    void failureReason_should_name_the_refusal_when_the_artifact_was_refused() {
        // GIVEN a load failure caused by a digest mismatch
        Throwable failure = new RuntimeException("iris/1.1.0 cannot be loaded",
                new InvalidModelArtifactException("artifact sha256 abc does not match the registered def"));

        // WHEN the reason is asked for THEN it says where and why
        assertThat(FailedArtifactRule.failureReason(failure)).contains(
                "refused at load by the serving cache: artifact sha256 abc does not match the registered def");
    }

    @Test
    void failureReason_should_be_empty_when_the_failure_says_nothing_about_the_artifact() {
        // GIVEN a store outage and a load deadline
        Throwable outage = new UncheckedIOException(new IOException("connection refused"));
        Throwable deadline = new RuntimeException(new TimeoutException("load took too long"));

        // WHEN the reason is asked for THEN there is none: nothing is marked
        assertThat(FailedArtifactRule.failureReason(outage)).isEmpty();
        assertThat(FailedArtifactRule.failureReason(deadline)).isEmpty();
    }

    @Test
    void failureReason_should_stop_when_a_cause_is_its_own_cause() {
        // GIVEN an exception that is its own cause as far as the search can tell
        Throwable selfCaused = new RuntimeException("loop") {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };

        // WHEN searched THEN the search ends with nothing
        assertThat(FailedArtifactRule.failureReason(selfCaused)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = LifecycleState.class, names = {"REGISTERED", "VALIDATED", "STAGING", "PRODUCTION"})
    void shouldMark_should_be_true_when_the_state_may_move_to_failed(LifecycleState state) {
        assertThat(FailedArtifactRule.shouldMark(state)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = LifecycleState.class, names = {"FAILED", "ARCHIVED"})
    void shouldMark_should_be_false_when_already_failed_or_archived(LifecycleState state) {
        assertThat(FailedArtifactRule.shouldMark(state)).isFalse();
    }
}
