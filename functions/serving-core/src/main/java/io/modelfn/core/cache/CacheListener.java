package io.modelfn.core.cache;

import io.modelfn.core.model.ModelKey;

/**
 * Hears what the model cache does, for metrics, logs and marking broken versions. Called on loader
 * threads, before the requests waiting for that load go on (so what a listener does is done before
 * they answer: on Lambda nothing runs once they have).
 */
public interface CacheListener {

    CacheListener NONE = new CacheListener() { };

    default void loaded(ModelKey key, long loadMillis, long memoryBytes) {
    }

    default void loadFailed(ModelKey key, Throwable cause) {
    }

    default void evicted(ModelKey key) {
    }

    /** The session was closed (after eviction, once no request used it). */
    default void closed(ModelKey key) {
    }
}
