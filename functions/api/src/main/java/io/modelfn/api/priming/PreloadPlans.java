package io.modelfn.api.priming;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.routing.RoutedVersions;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What pre-loading at start-up and SnapStart priming load: the versions the registry snapshot routes
 * traffic to in this function (unless {@code modelfn.cache.preload-routed=false}), then the pinned
 * ones ({@code modelfn.cache.preload}), within the model cache's memory budget; and loading them ({@link #load}).
 */
public final class PreloadPlans {

    private static final Logger LOG = Logger.getLogger(PreloadPlans.class);

    private PreloadPlans() {
    }

    public static List<RoutedVersions.Planned> plan(RegistrySnapshot snapshot, ModelfnConfig.Cache settings,
            ModelCache cache) {
        List<ModelKey> pins = settings.preload().orElse(List.of()).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).map(ModelKey::parse).toList();
        RoutedVersions.Plan plan = settings.preloadRouted()
                ? RoutedVersions.of(snapshot, pins)
                : RoutedVersions.pinned(snapshot, pins);
        plan.unknownPins().forEach(pin -> LOG.warnf("pinned model %s is not in the registry; not preloaded", pin));
        List<RoutedVersions.Planned> fitting = plan.within(cache.memoryBudgetBytes());
        if (fitting.size() < plan.versions().size()) {
            LOG.warnf("%d of %d routed or pinned version(s) do not fit the model cache's memory budget; "
                    + "they load on first use", plan.versions().size() - fitting.size(), plan.versions().size());
        }
        return fitting;
    }

    /**
     * Loads {@code plan} into {@code cache} and waits for it: every load starts (on the cache's loader threads, as
     * many at once as it has) before the first is waited for, so one version's fetch waits while another's session
     * is built. Waits in plan order; stops at the first failure, logged with the version's reason.
     *
     * @return whether every version is loaded
     */
    public static boolean load(List<RoutedVersions.Planned> plan, ModelCache cache) {
        plan.forEach(planned -> cache.warm(planned.version()));
        for (RoutedVersions.Planned planned : plan) {
            try {
                cache.preload(planned.version());
            } catch (RuntimeException e) {
                LOG.warnf("%s (%s) could not be preloaded: %s", planned.version().key(), planned.reason(), e.getMessage());
                return false;
            }
        }
        return true;
    }
}
