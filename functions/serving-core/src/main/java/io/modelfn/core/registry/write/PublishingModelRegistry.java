package io.modelfn.core.registry.write;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistryWriteOutcomeUnknownException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link ModelRegistry} that publishes the registry's last-known-good copy after every change it
 * commits: admin changes, rollout steps, automatic rollbacks and clean-ups all pass through here.
 *
 * <p>The copy is secondary: a failed publication never fails (or undoes) the change. It is logged at
 * WARNING and reported to {@code onFailure} (a metric), and the next change or the periodic repair
 * writes the copy again. A write whose outcome is unknown is published too (it may have been applied).
 *
 * <p>Thread-safe when the delegate and the publisher are.
 */
public final class PublishingModelRegistry implements ModelRegistry {

    private static final Logger LOG = Logger.getLogger(PublishingModelRegistry.class.getName());

    private final ModelRegistry delegate;
    private final RegistrySnapshotPublisher publisher;
    private final Runnable onFailure;
    private final AtomicLong failures = new AtomicLong();

    /** @param onFailure called once per failed publication (counts it in a metric); must not throw */
    public PublishingModelRegistry(ModelRegistry delegate, RegistrySnapshotPublisher publisher, Runnable onFailure) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    /** Publications that failed since this registry was made. */
    public long failedPublications() {
        return failures.get();
    }

    @Override
    public List<String> models() {
        return delegate.models();
    }

    @Override
    public List<VersionRecord> versions(String model) {
        return delegate.versions(model);
    }

    @Override
    public Optional<VersionRecord> version(ModelKey key) {
        return delegate.version(key);
    }

    @Override
    public List<AliasRecord> aliases(String model) {
        return delegate.aliases(model);
    }

    @Override
    public Optional<AliasRecord> alias(String model, String alias) {
        return delegate.alias(model, alias);
    }

    @Override
    public List<EndpointConfig> endpoints() {
        return delegate.endpoints();
    }

    @Override
    public Optional<EndpointConfig> endpoint(String name) {
        return delegate.endpoint(name);
    }

    @Override
    public List<AuditEvent> audit(String subject, int limit) {
        return delegate.audit(subject, limit);
    }

    @Override
    public AliasHistory aliasHistory(String model, String alias, int limit, String after) {
        return delegate.aliasHistory(model, alias, limit, after);
    }

    @Override
    public VersionRecord createVersion(ModelVersion version, String cardJson, Change change) {
        return changed(() -> delegate.createVersion(version, cardJson, change));
    }

    @Override
    public VersionRecord transition(ModelKey key, LifecycleState to, String reason, long expectedRevision,
            Change change) {
        return changed(() -> delegate.transition(key, to, reason, expectedRevision, change));
    }

    @Override
    public AliasRecord setAlias(String model, String alias, String version, long expectedRevision, Change change) {
        return changed(() -> delegate.setAlias(model, alias, version, expectedRevision, change));
    }

    @Override
    public EndpointConfig putEndpoint(EndpointConfig endpoint, long expectedRevision, Change change) {
        return changed(() -> delegate.putEndpoint(endpoint, expectedRevision, change));
    }

    @Override
    public void deleteVersion(ModelKey key, long expectedRevision, Change change) {
        changed(() -> {
            delegate.deleteVersion(key, expectedRevision, change);
            return null;
        });
    }

    @Override
    public void atomically(List<Mutation> mutations, Change change) {
        if (mutations.isEmpty()) {
            delegate.atomically(mutations, change);
            return;
        }
        changed(() -> {
            delegate.atomically(mutations, change);
            return null;
        });
    }

    /** The mutation inside runs through this registry's methods (the caller's), so it publishes itself. */
    @Override
    public String idempotent(String key, String fingerprint, Supplier<String> mutation) {
        return delegate.idempotent(key, fingerprint, mutation);
    }

    private <T> T changed(Supplier<T> write) {
        T result;
        try {
            result = write.get();
        } catch (RegistryWriteOutcomeUnknownException e) {
            publish();
            throw e;
        }
        publish();
        return result;
    }

    private void publish() {
        try {
            publisher.publish();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.log(Level.WARNING, "the registry change is committed, but its snapshot object could not be written"
                    + " (the next change or the periodic repair writes it): {0}", e.toString());
            try {
                onFailure.run();
            } catch (RuntimeException ignored) {
                // A metric is never worth more than the change it reports on.
            }
        }
    }
}
