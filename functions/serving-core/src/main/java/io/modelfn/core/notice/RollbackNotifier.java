package io.modelfn.core.notice;

/**
 * Where rollback notices go: the stage's SNS topic in AWS, the log of the local runner. An
 * implementation is thread-safe and throws when a notice could not be handed over (the caller logs it
 * and carries on: a notice never undoes or blocks the rollback it reports).
 */
@FunctionalInterface
public interface RollbackNotifier {

    /** Hands one notice over; throws on failure. */
    void publish(RollbackNotice notice);
}
