package io.modelfn.core.testkit;

import io.modelfn.core.registry.RegistryChangeMarker;
import io.modelfn.core.registry.RegistryRevision;
import io.modelfn.core.registry.RegistryUnavailableException;
import java.util.concurrent.atomic.AtomicInteger;

/** A change marker held in memory; tests set the revision, make reads fail and count them. Thread-safe. */
public final class InMemoryChangeMarker implements RegistryChangeMarker {

    private volatile RegistryRevision revision;
    private volatile boolean down;
    private final AtomicInteger reads = new AtomicInteger();

    public InMemoryChangeMarker(RegistryRevision revision) {
        this.revision = revision;
    }

    public void set(RegistryRevision newRevision) {
        revision = newRevision;
    }

    public void setDown(boolean isDown) {
        down = isDown;
    }

    public int reads() {
        return reads.get();
    }

    @Override
    public RegistryRevision current() {
        reads.incrementAndGet();
        if (down) {
            throw new RegistryUnavailableException("registry is down");
        }
        return revision;
    }
}
