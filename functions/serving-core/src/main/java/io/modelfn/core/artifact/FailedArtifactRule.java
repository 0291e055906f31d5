package io.modelfn.core.artifact;

import io.modelfn.core.registry.LifecycleState;
import java.util.Optional;

/**
 * When a failed model load makes a version FAILED, and with what reason.
 *
 * <p>A load failure marks the version only when the artifact itself was refused: an
 * {@link InvalidModelArtifactException} anywhere in the failure's causes (digest or size mismatch,
 * truncated or malformed ONNX, external data). Other failures (store down, load deadline) say nothing
 * about the artifact and mark nothing. A version is moved only from a state that may move to
 * {@link LifecycleState#FAILED}, and never again once it is there.
 *
 * <p>Pure and thread-safe: no I/O; the adapter that writes the registry asks and translates.
 */
public final class FailedArtifactRule {

    /** How deep the causes are searched (a guard against cause cycles). */
    private static final int MAX_CAUSES = 16;

    private FailedArtifactRule() {
    }

    /**
     * The reason to record with FAILED when {@code loadFailure} was a refused artifact; empty when the
     * failure says nothing about the artifact (or is null).
     */
    public static Optional<String> failureReason(Throwable loadFailure) {
        return artifactProblem(loadFailure)
                .map(problem -> "refused at load by the serving cache: " + problem.getMessage());
    }

    /** The artifact problem among the causes, if the failure was one. */
    public static Optional<InvalidModelArtifactException> artifactProblem(Throwable cause) {
        Throwable current = cause;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            if (current instanceof InvalidModelArtifactException problem) {
                return Optional.of(problem);
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return Optional.empty();
    }

    /** Whether a version now in {@code current} is moved to FAILED: not when already there, nor when it cannot move. */
    public static boolean shouldMark(LifecycleState current) {
        return current != LifecycleState.FAILED && current.canMoveTo(LifecycleState.FAILED);
    }
}
