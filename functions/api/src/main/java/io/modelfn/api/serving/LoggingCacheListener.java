package io.modelfn.api.serving;

import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.model.ModelKey;
import org.jboss.logging.Logger;

/** Logs what the model cache does: loads with their time and size, failures, evictions. */
final class LoggingCacheListener implements CacheListener {

    private static final Logger LOG = Logger.getLogger(LoggingCacheListener.class);

    @Override
    public void loaded(ModelKey key, long loadMillis, long memoryBytes) {
        LOG.infof("model %s loaded in %d ms (about %d MB)", key, loadMillis, memoryBytes >> 20);
    }

    @Override
    public void loadFailed(ModelKey key, Throwable cause) {
        LOG.warnf("model %s could not be loaded: %s", key, cause.getMessage());
    }

    @Override
    public void evicted(ModelKey key) {
        LOG.infof("model %s evicted from the cache", key);
    }
}
