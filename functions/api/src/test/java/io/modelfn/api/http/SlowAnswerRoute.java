package io.modelfn.api.http;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A test route whose answer takes longer than the tests' body-read timeout (5 s) after its body has
 * arrived: as a cold model load can. It stands in for slow serving, behind the whole HTTP pipeline.
 */
@ApplicationScoped
public class SlowAnswerRoute {

    /** The route's path; {@code POST} with any JSON body. */
    public static final String PATH = "/test-only/slow-answer";
    /** How long the answer takes. */
    public static final long MILLIS = 6_500;

    void install(@Observes Router router) {
        router.post(PATH).order(HttpPipeline.AFTER_BODY_ORDER + 1).blockingHandler(context -> {
            try {
                Thread.sleep(MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            context.response().putHeader("Content-Type", "application/json").end("{\"slow\":true}");
        });
    }
}
