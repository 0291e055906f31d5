package io.modelfn.cli.admin;

/**
 * The functions of the admin HTTP API: each is {@code POST <base>/admin/<path>} with a JSON body.
 * Changes carry an {@code Idempotency-Key}; reads carry none.
 */
public enum AdminFunction {
    MODELS("models", KeyPolicy.NONE),
    MODELS_DESCRIBE("models/describe", KeyPolicy.NONE),
    VERSIONS_DESCRIBE("versions/describe", KeyPolicy.NONE),
    VERSIONS_COMPARE("versions/compare", KeyPolicy.NONE),
    /**
     * Asks for an upload URL. A change, but a harmless one to repeat, and a repeat must give a fresh
     * URL: it gets its own key, never the command's, which belongs to the register that follows.
     */
    UPLOADS_PREPARE("uploads/prepare", KeyPolicy.OWN_KEY),
    VERSIONS_REGISTER("versions/register", KeyPolicy.COMMAND_KEY),
    VERSIONS_VALIDATE("versions/validate", KeyPolicy.COMMAND_KEY),
    VERSIONS_PROMOTE("versions/promote", KeyPolicy.COMMAND_KEY),
    VERSIONS_TRANSITION("versions/transition", KeyPolicy.COMMAND_KEY),
    VERSIONS_ARCHIVE("versions/archive", KeyPolicy.COMMAND_KEY),
    ALIASES_SET("aliases/set", KeyPolicy.COMMAND_KEY),
    ALIASES_ROLLBACK("aliases/rollback", KeyPolicy.COMMAND_KEY),
    ALIASES_HISTORY("aliases/history", KeyPolicy.NONE),
    ENDPOINTS("endpoints", KeyPolicy.NONE),
    ENDPOINTS_DESCRIBE("endpoints/describe", KeyPolicy.NONE),
    ENDPOINTS_PUT("endpoints/put", KeyPolicy.COMMAND_KEY),
    ENDPOINTS_WEIGHTS("endpoints/weights", KeyPolicy.COMMAND_KEY),
    ENDPOINTS_ALARM_LIMITS("endpoints/alarm-limits", KeyPolicy.COMMAND_KEY),
    ROLLOUTS_START("rollouts/start", KeyPolicy.COMMAND_KEY),
    ROLLOUTS_PAUSE("rollouts/pause", KeyPolicy.COMMAND_KEY),
    ROLLOUTS_RESUME("rollouts/resume", KeyPolicy.COMMAND_KEY),
    ROLLOUTS_ABORT("rollouts/abort", KeyPolicy.COMMAND_KEY),
    CLEANUP("cleanup", KeyPolicy.COMMAND_KEY),
    AUDIT("audit", KeyPolicy.NONE);

    /** Which Idempotency-Key a call carries. */
    enum KeyPolicy {
        /** A read: no key. */
        NONE,
        /** The command's change: the invocation's key ({@code --idempotency-key} or a fresh UUID). */
        COMMAND_KEY,
        /** A preparatory change: a fresh UUID of its own. */
        OWN_KEY
    }

    private final String path;
    private final KeyPolicy keyPolicy;

    AdminFunction(String path, KeyPolicy keyPolicy) {
        this.path = path;
        this.keyPolicy = keyPolicy;
    }

    /** The path under {@code <base>/admin/}. */
    public String path() {
        return path;
    }

    KeyPolicy keyPolicy() {
        return keyPolicy;
    }
}
