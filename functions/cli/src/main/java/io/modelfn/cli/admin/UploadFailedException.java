package io.modelfn.cli.admin;

/** The upload URL from {@code uploads/prepare} did not accept the artifact. */
public final class UploadFailedException extends RuntimeException {

    private final int status;

    UploadFailedException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the refusal; 0 when the upload URL could not be reached at all. */
    public int status() {
        return status;
    }
}
