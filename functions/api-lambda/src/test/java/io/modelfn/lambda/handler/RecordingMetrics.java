package io.modelfn.lambda.handler;

import io.modelfn.api.testing.CapturedMetrics;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The application's metrics in this module's Quarkus tests: the real EMF writer with its lines kept in memory
 * ({@link CapturedMetrics}) rather than on stdout, so that {@link DirectInferEquivalenceIT} reads the records
 * each invocation produced. It changes nothing but where the lines go.
 */
@Alternative
@Priority(1)
@Singleton
public class RecordingMetrics extends CapturedMetrics {

    /** The lines written since the last call, and forgets them. */
    List<String> take() {
        List<String> taken = lines();
        clear();
        return taken;
    }
}
