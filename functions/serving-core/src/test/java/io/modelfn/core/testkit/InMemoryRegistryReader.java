package io.modelfn.core.testkit;

import io.modelfn.core.registry.RegistryReader;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistryUnavailableException;
import java.util.concurrent.atomic.AtomicInteger;

/** A registry held in memory; tests swap the snapshot or make reads fail. Thread-safe. */
public final class InMemoryRegistryReader implements RegistryReader {

    private volatile RegistrySnapshot snapshot;
    private volatile boolean down;
    private final AtomicInteger reads = new AtomicInteger();

    public InMemoryRegistryReader(RegistrySnapshot snapshot) {
        this.snapshot = snapshot;
    }

    public void set(RegistrySnapshot newSnapshot) {
        snapshot = newSnapshot;
    }

    public void setDown(boolean isDown) {
        down = isDown;
    }

    public int reads() {
        return reads.get();
    }

    @Override
    public RegistrySnapshot read() {
        reads.incrementAndGet();
        if (down) {
            throw new RegistryUnavailableException("registry is down");
        }
        return snapshot;
    }
}
