package io.modelfn.core.metrics;

/**
 * The HTTP status a failure is answered with, for the metrics record of a failed request. The
 * transport owns the mapping (one place); core only asks it.
 */
@FunctionalInterface
public interface FailureStatus {

    /** Every failure counts as a server error: for tests and tools that do not map failures. */
    FailureStatus SERVER_ERROR = failure -> 500;

    int of(Throwable failure);
}
