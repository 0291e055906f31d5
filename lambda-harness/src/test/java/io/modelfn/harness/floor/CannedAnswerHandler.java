package io.modelfn.harness.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;

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

    private static final byte[] BYTES = Base64.getDecoder().decode(System.getenv().getOrDefault(ANSWER, ""));

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        output.write(BYTES);
    }
}
