package io.modelfn.core.admin;

import static io.modelfn.core.admin.AdminNames.abbreviate;
import static io.modelfn.core.admin.AdminNames.aliasName;
import static io.modelfn.core.admin.AdminNames.key;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.IllegalTransitionException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.Mutation;
import io.modelfn.core.registry.write.VersionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where versions stand: promotion, lifecycle moves, archiving, and the aliases that point at them.
 *
 * <p>Only a version that passed validation (VALIDATED, STAGING or PRODUCTION) can be pinned by an
 * alias or be promoted. A model has at most one PRODUCTION version: promotion demotes the previous
 * one in the same transaction that moves the alias. A version an alias or endpoint uses is never
 * archived or failed.
 *
 * <p>Thread-safe.
 */
public final class VersionLifecycle {

    private final ModelRegistry registry;
    private final VersionUsage usage;

    public VersionLifecycle(ModelRegistry registry) {
        this.registry = registry;
        this.usage = new VersionUsage(registry);
    }

    /** The outcome of a promotion. */
    public record Promotion(VersionRecord version, AliasRecord alias, String demoted) {
    }

    /**
     * Makes a version the model's production version and points {@code alias} at it, in one
     * transaction that demotes the previous production version to STAGING.
     */
    public Promotion promote(String model, String version, String alias, Change change) {
        ModelKey key = key(model, version);
        String aliasName = alias == null || alias.isBlank() ? "production" : aliasName(alias);
        VersionRecord target = usage.existing(key);
        if (!target.version().state().canTakeTraffic()) {
            throw new IllegalTransitionException(key + " is " + target.version().state()
                    + "; only a validated version can be promoted");
        }
        List<Mutation> mutations = new ArrayList<>();
        String demoted = null;
        for (VersionRecord other : registry.versions(model)) {
            if (!other.version().key().equals(key) && other.version().state() == LifecycleState.PRODUCTION) {
                mutations.add(new Mutation.Transition(other.version().key(), LifecycleState.STAGING,
                        "replaced in production by " + version, other.revision()));
                demoted = other.version().key().version();
            }
        }
        if (target.version().state() != LifecycleState.PRODUCTION) {
            mutations.add(new Mutation.Transition(key, LifecycleState.PRODUCTION, change.reason(), target.revision()));
        }
        Optional<AliasRecord> current = registry.alias(model, aliasName);
        if (current.isEmpty() || !current.get().version().equals(version)) {
            mutations.add(new Mutation.SetAlias(model, aliasName, version, current.map(AliasRecord::revision).orElse(0L)));
        }
        if (!mutations.isEmpty()) {
            registry.atomically(mutations, change);
        }
        return new Promotion(usage.existing(key), registry.alias(model, aliasName).orElseThrow(), demoted);
    }

    /**
     * Moves a version to another state, if the lifecycle allows it. PRODUCTION is reached only by
     * {@link #promote}; ARCHIVED and FAILED are refused while an alias or endpoint uses the version.
     */
    public VersionRecord transition(String model, String version, LifecycleState to, String reason, long revision,
            Change change) {
        ModelKey key = key(model, version);
        VersionRecord record = usage.existing(key);
        LifecycleState from = record.version().state();
        if (to == LifecycleState.PRODUCTION) {
            throw new IllegalTransitionException("use promote to put a version in production (it keeps one per model)");
        }
        if (!from.canMoveTo(to)) {
            throw new IllegalTransitionException(key + " cannot move from " + from + " to " + to + " (allowed: "
                    + from.next() + ")");
        }
        if (from == LifecycleState.REGISTERED && to == LifecycleState.VALIDATED) {
            // Only the validation gate decides that a version may take traffic.
            throw new IllegalTransitionException(key + ": a version becomes VALIDATED only by passing the validation "
                    + "gate; use validate");
        }
        if (!to.canTakeTraffic()) {
            usage.requireUnused(key, "move to " + to);
        }
        return registry.transition(key, to, reason, revision > 0 ? revision : record.revision(), change);
    }

    public VersionRecord archive(String model, String version, String reason, Change change) {
        VersionRecord record = usage.existing(key(model, version));
        if (record.version().state() == LifecycleState.ARCHIVED) {
            return record;
        }
        return transition(model, version, LifecycleState.ARCHIVED, reason, record.revision(), change);
    }

    /** Points an alias at a validated version ({@code revision} 0 creates the alias). */
    public AliasRecord setAlias(String model, String alias, String version, long revision, Change change) {
        String name = aliasName(alias);
        VersionRecord target = usage.existing(key(model, version));
        if (!target.version().state().canTakeTraffic()) {
            throw new IllegalTransitionException(target.version().key() + " is " + target.version().state()
                    + "; an alias can point only at a validated version");
        }
        return registry.setAlias(model, name, version, revision, change);
    }

    /** Moves an alias back to the version it pointed at before. */
    public AliasRecord rollbackAlias(String model, String alias, Change change) {
        AliasRecord current = registry.alias(model, aliasName(alias)).orElseThrow(() -> new VersionNotFoundException(
                "model '" + abbreviate(model) + "' has no alias '" + abbreviate(alias) + "'"));
        if (current.previousVersion() == null) {
            throw new IllegalTransitionException("alias '" + alias + "' of " + model + " has no previous version");
        }
        return setAlias(model, current.alias(), current.previousVersion(), current.revision(), change);
    }
}
