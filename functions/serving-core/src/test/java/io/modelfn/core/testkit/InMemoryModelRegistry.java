package io.modelfn.core.testkit;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistryReader;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistryUnavailableException;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.AliasHistory;
import io.modelfn.core.registry.write.AliasMove;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.AuditEventIds;
import io.modelfn.core.registry.write.AuditJson;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.IdempotencyKeyReusedException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.Mutation;
import io.modelfn.core.registry.write.VersionRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The registry in memory, both sides: the admin port ({@link ModelRegistry}) with the semantics of
 * the DynamoDB adapter (revisions, conflicts, all-or-nothing {@link #atomically}, one audit event per
 * successful mutation, idempotency records with the same lifetimes), and the serving path's
 * {@link RegistryReader}, so a test wires one object as both.
 *
 * <p>Tests move time with a settable {@link Clock} ({@link MutableClock}) and make the store fail
 * with {@link #setUnavailable}. Thread-safe: every operation holds the registry's lock, except an
 * idempotent call's mutation, which runs outside it (as it would against DynamoDB), so a concurrent
 * call with the same key sees the claim.
 */
public final class InMemoryModelRegistry implements ModelRegistry, RegistryReader {

    public static final int MAX_MUTATIONS = 25;
    static final Duration CLAIM_LIFETIME = Duration.ofSeconds(60);
    static final Duration RESULT_LIFETIME = Duration.ofHours(24);

    /** Events of a subject newest first, as the DynamoDB adapter sorts them: by millisecond, then id. */
    private static final Comparator<AuditEvent> NEWEST_FIRST = Comparator
            .comparing((AuditEvent e) -> e.at().truncatedTo(ChronoUnit.MILLIS))
            .thenComparing(AuditEvent::id)
            .reversed();

    private final Supplier<String> eventIds;
    private Clock clock;
    private boolean unavailable;
    private final Map<String, TreeMap<SemanticVersion, VersionRecord>> versions = new TreeMap<>();
    private final Map<String, TreeMap<String, AliasRecord>> aliases = new TreeMap<>();
    private final Map<String, EndpointConfig> endpoints = new TreeMap<>();
    private final Map<String, List<AuditEvent>> events = new HashMap<>();
    /** Each alias's moves, oldest first, by {@code model#alias}. */
    private final Map<String, List<AliasMove>> aliasMoves = new HashMap<>();
    private final Map<String, IdempotencyRecord> idempotency = new HashMap<>();

    public InMemoryModelRegistry() {
        this(MutableClock.atEpoch());
    }

    public InMemoryModelRegistry(Clock clock) {
        this(clock, AuditEventIds::next);
    }

    public InMemoryModelRegistry(Clock clock, Supplier<String> eventIds) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.eventIds = Objects.requireNonNull(eventIds, "eventIds");
    }

    public synchronized void setClock(Clock newClock) {
        clock = Objects.requireNonNull(newClock, "clock");
    }

    /** While true, every call throws {@link RegistryUnavailableException}, as a registry that is down. */
    public synchronized void setUnavailable(boolean isUnavailable) {
        unavailable = isUnavailable;
    }

    // ------------------------------------------------------------------------ serving path's read

    @Override
    public synchronized RegistrySnapshot read() {
        checkAvailable();
        Set<ModelKey> referenced = new HashSet<>();
        for (EndpointConfig endpoint : endpoints.values()) {
            endpoint.variants().stream().map(Variant::model).forEach(referenced::add);
            endpoint.shadowConfig().map(ShadowConfig::model).ifPresent(referenced::add);
        }
        Map<ModelKey, ModelVersion> servable = new HashMap<>();
        versions.values().forEach(byVersion -> byVersion.values().forEach(record -> {
            ModelVersion version = record.version();
            if (version.state().canTakeTraffic() || referenced.contains(version.key())) {
                servable.put(version.key(), version);
            }
        }));
        Map<String, Map<String, String>> aliasVersions = new HashMap<>();
        aliases.forEach((model, byAlias) -> {
            Map<String, String> names = new HashMap<>();
            byAlias.forEach((alias, record) -> names.put(alias, record.version()));
            aliasVersions.put(model, Map.copyOf(names));
        });
        return new RegistrySnapshot(endpoints, servable, aliasVersions, clock.instant());
    }

    // ---------------------------------------------------------------------------------- reads

    @Override
    public synchronized List<String> models() {
        checkAvailable();
        return versions.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    @Override
    public synchronized List<VersionRecord> versions(String model) {
        checkAvailable();
        return List.copyOf(versions.getOrDefault(model, new TreeMap<>()).values());
    }

    @Override
    public synchronized Optional<VersionRecord> version(ModelKey key) {
        checkAvailable();
        return Optional.ofNullable(find(key));
    }

    @Override
    public synchronized List<AliasRecord> aliases(String model) {
        checkAvailable();
        return List.copyOf(aliases.getOrDefault(model, new TreeMap<>()).values());
    }

    @Override
    public synchronized Optional<AliasRecord> alias(String model, String alias) {
        checkAvailable();
        return Optional.ofNullable(aliases.getOrDefault(model, new TreeMap<>()).get(alias));
    }

    @Override
    public synchronized List<EndpointConfig> endpoints() {
        checkAvailable();
        return List.copyOf(endpoints.values());
    }

    @Override
    public synchronized Optional<EndpointConfig> endpoint(String name) {
        checkAvailable();
        return Optional.ofNullable(endpoints.get(name));
    }

    @Override
    public synchronized List<AuditEvent> audit(String subject, int limit) {
        checkAvailable();
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (subject == null || !(subject.startsWith(AuditEvent.endpointSubject("")) || subject.startsWith(AuditEvent.modelSubject("")))) {
            throw new IllegalArgumentException("an audit subject is endpoint:<name> or model:<name>, not " + subject);
        }
        return events.getOrDefault(subject, List.of()).stream().sorted(NEWEST_FIRST).limit(limit).toList();
    }

    @Override
    public synchronized AliasHistory aliasHistory(String model, String alias, int limit, String after) {
        checkAvailable();
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be 1 to 100, was " + limit);
        }
        List<AliasMove> newestFirst = new ArrayList<>(aliasMoves.getOrDefault(model + "#" + alias, List.of()));
        newestFirst.sort(Comparator.comparing((AliasMove m) -> m.at().truncatedTo(ChronoUnit.MILLIS))
                .thenComparing(AliasMove::id).reversed());
        int from = 0;
        if (after != null) {
            from = -1;
            for (int i = 0; i < newestFirst.size(); i++) {
                if (newestFirst.get(i).id().equals(after)) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                throw new IllegalArgumentException("not a cursor of this alias's history: " + after);
            }
        }
        List<AliasMove> page = newestFirst.subList(from, Math.min(newestFirst.size(), from + limit));
        String next = from + limit < newestFirst.size() ? page.get(page.size() - 1).id() : null;
        return new AliasHistory(page, next);
    }

    // ------------------------------------------------------------------------------ mutations

    @Override
    public synchronized VersionRecord createVersion(ModelVersion version, String cardJson, Change change) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(cardJson, "cardJson");
        Objects.requireNonNull(change, "change");
        checkAvailable();
        ModelKey key = version.key();
        SemanticVersion semver = SemanticVersion.parse(key.version());
        if (find(key) != null) {
            throw new ConflictException("version " + key + " already exists; nothing was written");
        }
        Instant now = clock.instant();
        ModelVersion stored = version.createdAt() != null ? version : new ModelVersion(key, version.artifact(),
                version.sha256(), version.sizeBytes(), version.signature(), version.state(), version.task(),
                version.labels(), version.features(), now);
        VersionRecord after = new VersionRecord(stored, cardJson, "", change.actor(), now, 1);
        versions.computeIfAbsent(key.name(), name -> new TreeMap<>()).put(semver, after);
        record(AuditEvent.modelSubject(key.name()), AuditEvent.CREATE_VERSION, null, AuditJson.version(after), change, now);
        return after;
    }

    @Override
    public synchronized VersionRecord transition(ModelKey key, LifecycleState to, String reason, long expectedRevision,
            Change change) {
        checkAvailable();
        Instant now = clock.instant();
        Planned planned = planTransition(new Mutation.Transition(key, to, reason, expectedRevision), change, now);
        planned.apply().run();
        return (VersionRecord) planned.result();
    }

    @Override
    public synchronized AliasRecord setAlias(String model, String alias, String version, long expectedRevision,
            Change change) {
        checkAvailable();
        Planned planned = planSetAlias(new Mutation.SetAlias(model, alias, version, expectedRevision), change,
                clock.instant());
        planned.apply().run();
        return (AliasRecord) planned.result();
    }

    @Override
    public synchronized EndpointConfig putEndpoint(EndpointConfig endpoint, long expectedRevision, Change change) {
        checkAvailable();
        Planned planned = planPutEndpoint(new Mutation.PutEndpoint(endpoint, expectedRevision), change, clock.instant());
        planned.apply().run();
        return (EndpointConfig) planned.result();
    }

    @Override
    public synchronized void deleteVersion(ModelKey key, long expectedRevision, Change change) {
        Objects.requireNonNull(change, "change");
        checkAvailable();
        requireExistingRevision(expectedRevision);
        VersionRecord before = find(key);
        guard("version " + key, before == null ? null : before.revision(), expectedRevision);
        versions.get(key.name()).remove(SemanticVersion.parse(key.version()));
        record(AuditEvent.modelSubject(key.name()), AuditEvent.DELETE_VERSION, AuditJson.version(before), null, change,
                clock.instant());
    }

    @Override
    public synchronized void atomically(List<Mutation> mutations, Change change) {
        Objects.requireNonNull(mutations, "mutations");
        Objects.requireNonNull(change, "change");
        if (mutations.size() > MAX_MUTATIONS) {
            throw new IllegalArgumentException("at most " + MAX_MUTATIONS + " mutations go in one change, not " + mutations.size());
        }
        Set<String> targets = new HashSet<>();
        for (Mutation mutation : mutations) {
            if (!targets.add(target(mutation))) {
                throw new IllegalArgumentException("two mutations of " + target(mutation) + " in one change");
            }
        }
        checkAvailable();
        Instant now = clock.instant();
        // Every guard is checked before anything changes: all or nothing.
        List<Planned> planned = new ArrayList<>();
        for (Mutation mutation : mutations) {
            planned.add(switch (mutation) {
                case Mutation.PutEndpoint put -> planPutEndpoint(put, change, now);
                case Mutation.SetAlias set -> planSetAlias(set, change, now);
                case Mutation.Transition transition -> planTransition(transition, change, now);
            });
        }
        planned.forEach(p -> p.apply().run());
    }

    @Override
    public String idempotent(String key, String fingerprint, Supplier<String> mutation) {
        Objects.requireNonNull(mutation, "mutation");
        if (key == null) {
            return mutation.get();
        }
        Objects.requireNonNull(fingerprint, "fingerprint");
        String claim = UUID.randomUUID().toString();
        synchronized (this) {
            checkAvailable();
            Instant now = clock.instant();
            IdempotencyRecord existing = idempotency.get(key);
            if (existing != null && !existing.expired(now)) {
                if (!existing.fingerprint().equals(fingerprint)) {
                    throw new IdempotencyKeyReusedException(key);
                }
                if (existing.complete()) {
                    return existing.response();
                }
                throw new ConflictException("a request with this idempotency key is still running");
            }
            idempotency.put(key, new IdempotencyRecord(false, fingerprint, null, claim, now.plus(CLAIM_LIFETIME)));
        }
        String response;
        try {
            response = mutation.get();
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                IdempotencyRecord held = idempotency.get(key);
                if (held != null && held.claim().equals(claim)) {
                    idempotency.remove(key);
                }
            }
            throw e;
        }
        synchronized (this) {
            IdempotencyRecord held = idempotency.get(key);
            if (held != null && held.claim().equals(claim)) {
                idempotency.put(key, new IdempotencyRecord(true, fingerprint, response, claim,
                        clock.instant().plus(RESULT_LIFETIME)));
            }
        }
        return response;
    }

    // ------------------------------------------------------------------------------- planning

    /** A checked mutation: {@code apply} changes the maps and records the event; {@code result} is returned. */
    private record Planned(Runnable apply, Object result) {
    }

    private Planned planTransition(Mutation.Transition t, Change change, Instant now) {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(t.to(), "to");
        requireExistingRevision(t.expectedRevision());
        VersionRecord before = find(t.key());
        guard("version " + t.key(), before == null ? null : before.revision(), t.expectedRevision());
        String reason = t.reason() == null ? "" : t.reason();
        VersionRecord after = new VersionRecord(before.version().withState(t.to()), before.cardJson(), reason,
                before.createdBy(), now, t.expectedRevision() + 1);
        return new Planned(() -> {
            versions.get(t.key().name()).put(SemanticVersion.parse(t.key().version()), after);
            record(AuditEvent.modelSubject(t.key().name()), AuditEvent.TRANSITION, AuditJson.version(before),
                    AuditJson.version(after), change, now);
        }, after);
    }

    private Planned planSetAlias(Mutation.SetAlias s, Change change, Instant now) {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(s.version(), "version");
        requireRevision(s.expectedRevision());
        AliasRecord before = aliases.getOrDefault(s.model(), new TreeMap<>()).get(s.alias());
        guard("alias '" + s.alias() + "' of model '" + s.model() + "'", before == null ? null : before.revision(),
                s.expectedRevision());
        String previous = before == null ? null
                : before.version().equals(s.version()) ? before.previousVersion() : before.version();
        AliasRecord after = new AliasRecord(s.model(), s.alias(), s.version(), previous, s.expectedRevision() + 1, now,
                change.actor());
        return new Planned(() -> {
            aliases.computeIfAbsent(s.model(), model -> new TreeMap<>()).put(s.alias(), after);
            String id = record(AuditEvent.modelSubject(s.model()), AuditEvent.SET_ALIAS,
                    before == null ? null : AuditJson.alias(before), AuditJson.alias(after), change, now);
            aliasMoves.computeIfAbsent(s.model() + "#" + s.alias(), key -> new ArrayList<>()).add(new AliasMove(s.model(),
                    s.alias(), s.version(), before == null ? null : before.version(), now, change.actor(),
                    change.reason(), id));
        }, after);
    }

    private Planned planPutEndpoint(Mutation.PutEndpoint p, Change change, Instant now) {
        Objects.requireNonNull(change, "change");
        EndpointConfig endpoint = Objects.requireNonNull(p.endpoint(), "endpoint");
        requireRevision(p.expectedRevision());
        List<String> problems = endpoint.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("endpoint '" + endpoint.name() + "': " + String.join("; ", problems));
        }
        EndpointConfig before = endpoints.get(endpoint.name());
        guard("endpoint '" + endpoint.name() + "'", before == null ? null : before.revision(), p.expectedRevision());
        EndpointConfig after = new EndpointConfig(endpoint.name(), endpoint.variants(), endpoint.shadow(),
                endpoint.stickySalt(), endpoint.backend(), p.expectedRevision() + 1, now, endpoint.rollout(),
                endpoint.resultCache(), endpoint.alarmLimits());
        return new Planned(() -> {
            endpoints.put(after.name(), after);
            record(AuditEvent.endpointSubject(after.name()), AuditEvent.PUT_ENDPOINT,
                    before == null ? null : AuditJson.endpoint(before), AuditJson.endpoint(after), change, now);
        }, after);
    }

    private static void guard(String what, Long current, long expected) {
        if (expected == 0 && current != null) {
            throw new ConflictException(what + " already exists; nothing was written");
        }
        if (expected > 0 && current == null) {
            throw new ConflictException(what + " does not exist (expected revision " + expected + "); nothing was written");
        }
        if (expected > 0 && current != expected) {
            throw new ConflictException(what + " is not at revision " + expected
                    + " any more (another request changed or removed it); nothing was written, re-read and retry");
        }
    }

    private static void requireRevision(long expected) {
        if (expected < 0) {
            throw new IllegalArgumentException("an expected revision is 0 (create) or more, not " + expected);
        }
    }

    private static void requireExistingRevision(long expected) {
        if (expected < 1) {
            throw new IllegalArgumentException("a version's expected revision is 1 or more, not " + expected);
        }
    }

    private static String target(Mutation mutation) {
        return switch (mutation) {
            case Mutation.PutEndpoint p -> "endpoint '" + p.endpoint().name() + "'";
            case Mutation.SetAlias s -> "alias '" + s.alias() + "' of model '" + s.model() + "'";
            case Mutation.Transition t -> "version " + t.key();
        };
    }

    private VersionRecord find(ModelKey key) {
        if (!SemanticVersion.isValid(key.version())) {
            return null;
        }
        TreeMap<SemanticVersion, VersionRecord> byVersion = versions.get(key.name());
        return byVersion == null ? null : byVersion.get(SemanticVersion.parse(key.version()));
    }

    /** Records an audit event; returns its id. */
    private String record(String subject, String action, String from, String to, Change change, Instant at) {
        String id = eventIds.get();
        events.computeIfAbsent(subject, s -> new ArrayList<>())
                .add(new AuditEvent(id, at, subject, action, change.actor(), from, to, change.reason(),
                        change.requestId()));
        return id;
    }

    private void checkAvailable() {
        if (unavailable) {
            throw new RegistryUnavailableException("the in-memory registry is unavailable (set by the test)");
        }
    }

    /** An idempotency key's claim or result; expired as DynamoDB's condition sees it (whole seconds). */
    private record IdempotencyRecord(boolean complete, String fingerprint, String response, String claim,
            Instant expiresAt) {

        boolean expired(Instant now) {
            return expiresAt.getEpochSecond() < now.getEpochSecond();
        }
    }
}
