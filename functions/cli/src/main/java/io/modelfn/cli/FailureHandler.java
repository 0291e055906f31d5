package io.modelfn.cli;

import io.modelfn.admin.contract.InvalidAdminCallException;
import io.modelfn.cli.admin.AdminApiException;
import io.modelfn.cli.admin.AdminUnavailableException;
import io.modelfn.cli.admin.CredentialsUnavailableException;
import io.modelfn.cli.admin.UploadFailedException;
import io.modelfn.cli.versions.ValidationFailedException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become a line on stderr ({@code modelfn: <message>}) and an exit
 * code (see {@link ExitCode}).
 */
final class FailureHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        ExitCode exitCode = exitCodeOf(failure);
        err.println("modelfn: " + (exitCode == ExitCode.INTERNAL ? "unexpected error: " + failure : failure.getMessage()));
        retryKeyOf(failure).ifPresent(key -> err.println("modelfn: the change may or may not have been made;"
                + " repeat the command with --idempotency-key " + key + " to make it at most once"));
        err.flush();
        return exitCode.code();
    }

    @Override
    public int handleParseException(ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("modelfn: " + failure.getMessage());
        UnmatchedArgumentException.printSuggestions(failure, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    static ExitCode exitCodeOf(Exception failure) {
        return switch (failure) {
            case AdminApiException e -> ExitCode.forHttpStatus(e.status());
            case AdminUnavailableException e -> ExitCode.UNAVAILABLE;
            case UploadFailedException e -> e.status() == 0 ? ExitCode.UNAVAILABLE : ExitCode.forHttpStatus(e.status());
            case CredentialsUnavailableException e -> ExitCode.AUTH_FAILED;
            case ValidationFailedException e -> ExitCode.REFUSED;
            // A request the contract refuses before it is sent (e.g. a blank name): nothing was sent.
            case InvalidAdminCallException e -> ExitCode.USAGE;
            default -> ExitCode.INTERNAL;
        };
    }

    private static Optional<String> retryKeyOf(Exception failure) {
        return switch (failure) {
            case AdminApiException e -> e.retryKey();
            case AdminUnavailableException e -> e.retryKey();
            default -> Optional.empty();
        };
    }
}
