package io.modelfn.harness.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The floor of a warm invocation on Lambda's runtime: a handler that reads the whole event and writes a fixed
 * answer ({@value #ANSWER}, base64: the prediction function's own answer to the same event, so that both post the
 * same bytes), and does nothing else. What it takes is what the runtime interface client, the Runtime API and the
 * freeze and thaw cost any function; what the prediction function takes beyond it is its own.
 *
 * <p>Packaged alone into a function.zip by {@code WarmInvocationFiguresIT} ({@code harness.warm.floor=true}).
 */
public final class CannedAnswerHandler implements RequestStreamHandler {

    /** The environment variable that holds the answer, base64-encoded. */
    public static final String ANSWER = "HARNESS_FLOOR_ANSWER";

    /** The environment variable that names how many idle threads to start beside it (none by default). */
    public static final String IDLE_THREADS = "HARNESS_FLOOR_IDLE_THREADS";

    private static final byte[] BYTES = Base64.getDecoder().decode(System.getenv().getOrDefault(ANSWER, ""));

    static {
        // Threads that only wait, as a timer pool's do: what each costs when the environment is frozen and thawed.
        int idle = Integer.parseInt(System.getenv().getOrDefault(IDLE_THREADS, "0"));
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(idle);
        for (int i = 0; i < idle; i++) {
            timers.execute(() -> { });
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        output.write(BYTES);
    }
}
