package io.modelfn.core.testkit;

import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.store.ArtifactNotFoundException;
import io.modelfn.core.store.ModelSourceRefusedException;
import io.modelfn.core.store.ModelStore;
import io.modelfn.core.store.ModelStoreUnavailableException;
import io.modelfn.core.store.OpenedArtifact;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A model store in memory that counts downloads, and can be made slow or broken. Thread-safe. */
public final class InMemoryModelStore implements ModelStore {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final AtomicInteger opens = new AtomicInteger();
    private volatile CountDownLatch gate;
    private volatile boolean down;

    public InMemoryModelStore put(String uri, byte[] bytes) {
        objects.put(uri, bytes);
        return this;
    }

    /** Holds every download until {@link #release()} is called. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch g = gate;
        if (g != null) {
            g.countDown();
        }
    }

    public void setDown(boolean isDown) {
        down = isDown;
    }

    public int opens() {
        return opens.get();
    }

    @Override
    public InputStream open(ArtifactLocation location) {
        if (!accepts(location)) {
            throw new ModelSourceRefusedException("refused " + location.uri());
        }
        opens.incrementAndGet();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (down) {
            throw new ModelStoreUnavailableException("store is down", null);
        }
        byte[] bytes = objects.get(location.uri());
        if (bytes == null) {
            throw new ArtifactNotFoundException("nothing at " + location.uri());
        }
        return new ByteArrayInputStream(bytes);
    }

    /** Keeps no object versions: answers null, like a folder or an unversioned bucket. */
    @Override
    public OpenedArtifact openWithVersion(ArtifactLocation location) {
        return new OpenedArtifact(open(location), null);
    }

    @Override
    public boolean accepts(ArtifactLocation location) {
        return location.uri().startsWith("mem:");
    }

    @Override
    public String describe() {
        return "mem:";
    }
}
