package io.modelfn.api.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for what the application does in the background (registry refreshes, metrics records). */
public final class Eventually {

    private static final long POLL_MILLIS = 25;

    private Eventually() {
    }

    /**
     * Polls {@code condition} until it holds.
     *
     * @throws AssertionError naming {@code what} when it does not hold within {@code timeout}
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what);
            }
            pause(Duration.ofMillis(POLL_MILLIS));
        }
    }

    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
