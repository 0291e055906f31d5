package io.modelfn.harness;

import java.nio.charset.StandardCharsets;

/**
 * What became of one event: the function's response, its error (as posted to the Runtime API), an
 * init error of the environment it was sent to, or the environment's exit before it answered.
 *
 * @param environment the id of the execution environment that took the event
 * @param coldStart whether the event started that environment
 * @param initMillis for a cold start, from the JVM's launch to the runtime's first {@code /next}; else 0
 * @param durationMillis from the event handed to the runtime to its response or error (Lambda's Duration)
 * @param errorType the {@code errorType} of an error, else null
 * @param answeredNanos when the response or error was posted ({@link System#nanoTime()} of the harness's
 *        JVM), or when the failure was seen
 */
public record Invocation(String requestId, Outcome outcome, byte[] payload, String environment, boolean coldStart,
        double initMillis, double durationMillis, String errorType, long answeredNanos) {

    /** How an invocation ended. */
    public enum Outcome { RESPONSE, ERROR, INIT_ERROR, EXITED }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
