package io.modelfn.api.testing;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.store.ModelStore;
import io.modelfn.core.store.OpenedArtifact;
import io.modelfn.inference.store.LocalFolderModelStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's {@link ModelStore} in tests: the real {@link LocalFolderModelStore} on the
 * configured folder, counting the downloads ({@link #open}) per artifact. Transparent otherwise, since
 * every test of the module runs with it. Thread-safe.
 */
@Alternative
@Priority(1)
@Singleton
public class CountingModelStore implements ModelStore {

    private final ModelStore delegate;
    private final ConcurrentHashMap<String, AtomicInteger> opens = new ConcurrentHashMap<>();

    @Inject
    public CountingModelStore(ModelfnConfig config) {
        this.delegate = new LocalFolderModelStore(Path.of(config.store().localRoot()));
    }

    @Override
    public InputStream open(ArtifactLocation location) {
        opens.computeIfAbsent(location.uri(), uri -> new AtomicInteger()).incrementAndGet();
        return delegate.open(location);
    }

    @Override
    public OpenedArtifact openWithVersion(ArtifactLocation location) {
        opens.computeIfAbsent(location.uri(), uri -> new AtomicInteger()).incrementAndGet();
        return delegate.openWithVersion(location);
    }

    @Override
    public boolean accepts(ArtifactLocation location) {
        return delegate.accepts(location);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    /** How many times the artifact at {@code uri} has been opened since start-up. */
    public int opens(String uri) {
        AtomicInteger count = opens.get(uri);
        return count == null ? 0 : count.get();
    }
}
