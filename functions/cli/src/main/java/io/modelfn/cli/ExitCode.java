package io.modelfn.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes scripts can rely on. They are part of the CLI's contract: documented in every
 * command's {@code --help} (built from this enum) and in the README; change them only with both.
 */
public enum ExitCode {
    SUCCESS(0, "success"),
    INTERNAL(1, "unexpected error: a bug in modelfn, please report it"),
    USAGE(2, "usage error: unknown command or option, missing or malformed argument, unreadable local"
            + " file, weights that do not add up to 10000 basis points (100%); nothing was sent"),
    NOT_FOUND(3, "not found (HTTP 404)"),
    CONFLICT(4, "conflict: stale revision (HTTP 409) or Idempotency-Key reused with another request (HTTP 422)"),
    REFUSED(5, "refused input (any other HTTP 4xx), or register/validate answered passed=false"),
    UNAVAILABLE(6, "server unavailable: HTTP 5xx, timeout or connection failure"),
    AUTH_FAILED(7, "authentication or authorisation failed (HTTP 401/403), or no AWS credentials for --sigv4");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** The exit code for an HTTP error status from the admin API or the upload URL. */
    public static ExitCode forHttpStatus(int status) {
        return switch (status) {
            case 401, 403 -> AUTH_FAILED;
            case 404 -> NOT_FOUND;
            case 409, 422 -> CONFLICT;
            default -> status >= 500 ? UNAVAILABLE : REFUSED;
        };
    }

    /** The list picocli prints under "Exit codes:" in every command's help. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode exitCode : values()) {
            list.put(String.valueOf(exitCode.code), exitCode.meaning.replace("%", "%%"));
        }
        return list;
    }
}
