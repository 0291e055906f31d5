package io.modelfn.api.reliability.faults;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The application with fault-injecting AWS clients (see {@link FaultInjectingBeans}), its models in
 * S3Proxy, and short timings so each fault plays out in seconds: registry refreshed every 200 ms, a
 * 3 s staleness cap, a 1 s cold-load deadline, failed loads remembered for 300 ms.
 */
public class FaultsProfile implements QuarkusTestProfile {

    static final long REFRESH_MILLIS = 200;
    static final long STALENESS_CAP_MILLIS = 3000;
    static final long LOAD_TIMEOUT_MILLIS = 1000;
    static final long FAILURE_BACKOFF_MILLIS = 300;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "modelfn.registry.refresh-interval", REFRESH_MILLIS + "ms",
                "modelfn.registry.staleness-cap", STALENESS_CAP_MILLIS + "ms",
                "modelfn.cache.load-timeout", LOAD_TIMEOUT_MILLIS + "ms",
                "modelfn.cache.failure-backoff", FAILURE_BACKOFF_MILLIS + "ms");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FaultInjectingBeans.class);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3ProxyTestResource.class));
    }
}
