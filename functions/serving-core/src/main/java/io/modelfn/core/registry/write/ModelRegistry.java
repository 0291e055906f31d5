package io.modelfn.core.registry.write;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Port: the registry's admin side. Reads are strongly consistent. Every mutation is a conditional
 * write on the item's revision (or on its absence, for creations) in one transaction with its
 * {@link AuditEvent}; a stale writer gets {@link ConflictException} and nothing is written.
 *
 * <p>Idempotency: {@link #idempotent} runs a mutation at most once per key; a retry with the same
 * key and the same request fingerprint returns the stored result without changing anything.
 *
 * <p>Revisions: a stored item's revision starts at 1 and grows by one with every write. A mutation
 * names the revision its caller read ({@code expectedRevision}); 0 means "create: there must be
 * none". A mutation of an item that does not exist (or no longer exists) with an expected revision
 * above 0 is a {@link ConflictException} too: its precondition no longer holds.
 *
 * <p>Audit: each successful mutation adds exactly one {@link AuditEvent} (subject
 * {@link AuditEvent#endpointSubject} for endpoints, {@link AuditEvent#modelSubject} for versions and
 * aliases; {@code from}/{@code to} written with {@link AuditJson}); a refused one adds none.
 *
 * <p>The registry guards revisions, not business rules: whether a transition is legal, a version may
 * take traffic, or nothing uses a version any more is for the caller to check.
 *
 * <p>Implementations are thread-safe. Store failures are {@link io.modelfn.core.registry.RegistryUnavailableException};
 * nothing is half-written then (each mutation, and each {@link #atomically} call, is one transaction).
 */
public interface ModelRegistry {

    // ---------------------------------------------------------------------------------- reads

    /** Model names, sorted. May lag a just-registered version by about a second (a listing). */
    List<String> models();

    /** Every version of a model, oldest first (semantic version order), cards included; empty for an unknown model. */
    List<VersionRecord> versions(String model);

    Optional<VersionRecord> version(ModelKey key);

    /** The aliases of a model, by alias name. */
    List<AliasRecord> aliases(String model);

    Optional<AliasRecord> alias(String model, String alias);

    /**
     * Every endpoint, by name. Each configuration is read strongly consistent; an implementation may
     * learn which endpoints exist from a listing that lags a just-created endpoint by about a second.
     */
    List<EndpointConfig> endpoints();

    Optional<EndpointConfig> endpoint(String name);

    /**
     * The newest audit events of a subject ({@link AuditEvent#endpointSubject} or {@link AuditEvent#modelSubject}),
     * newest first (events of the same millisecond by descending id).
     *
     * @param limit at most this many, at least 1
     * @throws IllegalArgumentException when the subject is neither an endpoint's nor a model's
     */
    List<AuditEvent> audit(String subject, int limit);

    /**
     * The moves of an alias ({@link #setAlias}, and {@link Mutation.SetAlias} in {@link #atomically}),
     * newest first (moves of the same millisecond by descending id), read strongly consistent.
     *
     * @param limit at most this many, 1 to 100
     * @param after the {@link AliasHistory#next()} of the previous page, or null for the newest moves
     * @throws IllegalArgumentException for a limit out of range or a cursor this registry did not give
     */
    AliasHistory aliasHistory(String model, String alias, int limit, String after);

    // ------------------------------------------------------------------------------ mutations

    /**
     * Stores a new version (and its card) at revision 1; action {@value AuditEvent#CREATE_VERSION}.
     * A version without {@code createdAt} is stamped with the registry's clock.
     *
     * @throws ConflictException when the version exists
     * @throws IllegalArgumentException when the version is not a semantic version
     */
    VersionRecord createVersion(ModelVersion version, String cardJson, Change change);

    /**
     * Moves a version to another lifecycle state (the caller has checked the transition is legal);
     * action {@value AuditEvent#TRANSITION}.
     *
     * @param reason why, kept as the version's {@code stateReason}; null or empty clears it
     * @param expectedRevision the revision the caller read
     * @throws ConflictException when the version changed since
     */
    VersionRecord transition(ModelKey key, LifecycleState to, String reason, long expectedRevision, Change change);

    /**
     * Points an alias at a version, remembering the version it pointed at before (pointing it at the
     * version it already names keeps the remembered one); action {@value AuditEvent#SET_ALIAS}. The
     * same transaction adds the move to the alias's history ({@link #aliasHistory}).
     *
     * @param expectedRevision the alias revision the caller read, or 0 to create it
     * @throws ConflictException when the alias changed since (or exists, for 0)
     */
    AliasRecord setAlias(String model, String alias, String version, long expectedRevision, Change change);

    /**
     * Stores an endpoint's configuration (variants, weights, shadow, backend), replacing the stored one;
     * action {@value AuditEvent#PUT_ENDPOINT}. The revision and update time of {@code endpoint} are
     * ignored: the registry sets them.
     *
     * @param expectedRevision the revision the caller read, or 0 to create the endpoint
     * @return the stored configuration, with its new revision
     * @throws ConflictException when the endpoint changed since (or exists, for 0)
     * @throws IllegalArgumentException when the configuration has {@link EndpointConfig#problems()}
     */
    EndpointConfig putEndpoint(EndpointConfig endpoint, long expectedRevision, Change change);

    /**
     * Deletes a version and its card (retention clean-up); the caller has checked nothing uses it.
     * Action {@value AuditEvent#DELETE_VERSION}; the event keeps the version's last state.
     *
     * @throws ConflictException when the version changed since, or is gone
     */
    void deleteVersion(ModelKey key, long expectedRevision, Change change);

    /**
     * Applies several mutations in one transaction, each guarded by its expected revision, with an
     * audit event per mutation: a promotion (version state, the previous production version's state,
     * the alias) or an automatic rollback (canary weight, alias) is never seen half done.
     *
     * <p>An empty list writes nothing.
     *
     * @throws ConflictException when any guard fails; nothing is written then
     * @throws IllegalArgumentException with more than 25 mutations, two mutations of the same item, or
     *     an endpoint with {@link EndpointConfig#problems()}
     */
    void atomically(java.util.List<Mutation> mutations, Change change);

    /**
     * Runs {@code mutation} at most once for {@code key}: the call first claims the key (a conditional
     * write), runs the mutation, then stores its result (as JSON) with the request fingerprint; later
     * calls with the same key return the stored result without running anything. A claim whose
     * mutation failed is released, so the caller may retry; a claim left by a crashed caller expires
     * after a minute.
     *
     * @param key the caller's idempotency key, or null to just run the mutation
     * @param fingerprint identifies the request (e.g. a digest of operation and body)
     * <p>A completed key is remembered for 24 hours. If the result cannot be stored after the mutation
     * ran, the result is still returned (the change is made); a retry then finds the claim and, once
     * it has expired, runs the mutation again, where its revision guard refuses a repeat.
     *
     * @throws IdempotencyKeyReusedException when the key was used with another fingerprint
     * @throws ConflictException when another request with the same key is still running
     */
    String idempotent(String key, String fingerprint, Supplier<String> mutation);
}
