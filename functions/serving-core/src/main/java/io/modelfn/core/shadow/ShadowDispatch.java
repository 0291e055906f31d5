package io.modelfn.core.shadow;

/**
 * Port: hands a sampled shadow copy to whatever compares it, before the served request's invocation
 * ends. In a long-running process (the container backend, the local runner) that is a bounded pool in
 * the same process; on AWS Lambda, where an environment is frozen between invocations and may be
 * recycled without notice, it is an asynchronous invocation of the same function.
 *
 * <p>Contract: {@link #dispatch} returns without running the shadow, never throws, and never changes
 * the served answer. Every copy it is given is counted exactly once, as {@code ShadowRequests} (handed
 * on) or {@code ShadowSkipped} (not handed on: too large, no room, or the hand-off failed). Thread-safe.
 */
public interface ShadowDispatch {

    /** Hands the copy on, or counts it as skipped. */
    void dispatch(ShadowCopy copy);
}
