package io.modelfn.api.priming;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The application primed at start-up, following routing (every seeded endpoint routes its model's
 * highest version), with two pinned models on top: {@code iris/1.1.0} (also routed) and
 * {@value SnapStartPrimingIT#LATE_PINNED} (registered only by the test, after start-up). The
 * registry is re-read only when asked (hourly otherwise), so what a hook reads is the hook's doing.
 */
public class PrimingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "modelfn.priming.at-start", "true",
                "modelfn.cache.preload-routed", "true",
                "modelfn.cache.preload", "iris/1.1.0," + SnapStartPrimingIT.LATE_PINNED,
                "modelfn.registry.refresh-interval", "1h",
                "modelfn.registry.staleness-cap", "2h",
                "modelfn.registry.sync-refresh-after", "1h");
    }
}
