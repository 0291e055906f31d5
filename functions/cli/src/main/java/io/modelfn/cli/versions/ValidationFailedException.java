package io.modelfn.cli.versions;

/** Register or validate answered {@code passed=false}: the version is FAILED. Its report was printed. */
public final class ValidationFailedException extends RuntimeException {

    ValidationFailedException(String message) {
        super(message);
    }
}
