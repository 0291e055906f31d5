package io.modelfn.lambda.handler;

import io.modelfn.api.testing.CapturedMetrics;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The application's metrics in {@link DirectInferEquivalenceIT}: the real EMF writer with its lines kept in
 * memory ({@link CapturedMetrics}), so that the test reads the records each invocation produced. An alternative
 * that only that test's profile enables.
 */
@Alternative
@Singleton
public class RecordingMetrics extends CapturedMetrics {

    /** The lines written since the last call, and forgets them. */
    List<String> take() {
        List<String> taken = lines();
        clear();
        return taken;
    }
}
