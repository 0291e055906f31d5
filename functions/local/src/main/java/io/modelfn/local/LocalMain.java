package io.modelfn.local;

import io.modelfn.api.http.HttpPipeline;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The local runner's entry point: Quarkus's own check of the request target is turned off before it
 * boots, so that a path with a bad escape reaches the HTTP pipeline, which makes the same check and
 * answers 400 with a JSON error instead of an empty body.
 */
@QuarkusMain
public class LocalMain {

    public static void main(String... args) {
        System.setProperty(HttpPipeline.QUARKUS_URI_VALIDATION_OFF, "true");
        Quarkus.run(args);
    }
}
