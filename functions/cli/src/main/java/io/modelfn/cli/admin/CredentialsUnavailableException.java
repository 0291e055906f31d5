package io.modelfn.cli.admin;

/** {@code --sigv4} was asked for, but the AWS credentials chain found no credentials. */
public final class CredentialsUnavailableException extends RuntimeException {

    public CredentialsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
