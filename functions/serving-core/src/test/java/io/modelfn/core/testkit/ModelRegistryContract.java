package io.modelfn.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.AliasHistory;
import io.modelfn.core.registry.write.AliasMove;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.IdempotencyKeyReusedException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.Mutation;
import io.modelfn.core.registry.write.VersionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ModelRegistry}, run against every implementation: the in-memory fake
 * ({@code InMemoryModelRegistryTest}) and the DynamoDB adapter, on DynamoDB Local
 * ({@code DynamoDbModelRegistryIT}) and on LocalStack where Docker is reachable
 * ({@code LocalStackModelRegistryIT}), so a test that uses the fake can trust it behaves as the real registry.
 *
 * <p>A subclass supplies a fresh, empty registry on the given clock for each test.
 */
public abstract class ModelRegistryContract {

    protected static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    protected static final Change ALICE = new Change("alice", "first rollout", null, "req-1");
    protected static final Change BOB = Change.by("bob", "tune weights");
    protected static final int RACERS = 50;

    protected MutableClock clock;
    protected ModelRegistry registry;

    /** A new, empty registry whose clock is {@code clock}. */
    protected abstract ModelRegistry newRegistry(MutableClock clock);

    @BeforeEach
    void createRegistry() {
        clock = new MutableClock(START);
        registry = newRegistry(clock);
    }

    // -------------------------------------------------------------------------------- versions

    @Test
    void createVersion_should_store_the_version_and_its_card_at_revision_1() {
        // GIVEN a version without a creation time, and its card
        ModelVersion version = version("iris/1.0.0", LifecycleState.REGISTERED);
        String card = SampleModels.card(ModelKey.parse("iris/1.1.0")).document().toString();

        // WHEN it is registered
        VersionRecord created = registry.createVersion(version, card, ALICE);

        // THEN it reads back (strongly consistent) as returned: revision 1, the card, stamped with the clock
        assertThat(created.revision()).isEqualTo(1);
        assertThat(created.cardJson()).isEqualTo(card);
        assertThat(created.createdBy()).isEqualTo("alice");
        assertThat(created.updatedAt()).isEqualTo(START);
        assertThat(created.version().createdAt()).isEqualTo(START);
        assertThat(created.stateReason()).isEmpty();
        assertThat(registry.version(version.key())).hasValueSatisfying(read ->
                assertThat(read).usingRecursiveComparison().isEqualTo(created));
        assertThat(registry.models()).containsExactly("iris");
    }

    @Test
    void createVersion_should_conflict_and_write_nothing_when_the_version_exists() {
        // GIVEN a registered version
        ModelVersion version = version("iris/1.0.0", LifecycleState.REGISTERED);
        VersionRecord first = registry.createVersion(version, "{\"v\":1}", ALICE);

        // WHEN it is registered again / THEN the writer learns which version, and nothing changes
        assertThatThrownBy(() -> registry.createVersion(version.withState(LifecycleState.VALIDATED), "{\"v\":2}", BOB))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("iris/1.0.0")
                .hasMessageNotContaining("{\"v\"");
        assertThat(registry.version(version.key()).orElseThrow().cardJson()).isEqualTo(first.cardJson());
        assertThat(registry.audit(AuditEvent.modelSubject("iris"), 100)).hasSize(1);
    }

    @Test
    void versions_should_list_oldest_first_by_semantic_version_when_a_model_has_many() {
        // GIVEN versions registered out of order, one of them a pre-release and one two digits long
        for (String v : List.of("1.10.0", "1.2.0", "1.9.0", "2.0.0-rc.1", "2.0.0")) {
            registry.createVersion(version("iris/" + v, LifecycleState.VALIDATED), "{}", ALICE);
        }
        registry.createVersion(version("digits/1.0.0", LifecycleState.VALIDATED), "{}", ALICE);

        // WHEN the versions of iris are listed
        List<VersionRecord> versions = registry.versions("iris");

        // THEN they come in precedence order, cards included, and only iris's
        assertThat(versions).extracting(r -> r.version().key().version())
                .containsExactly("1.2.0", "1.9.0", "1.10.0", "2.0.0-rc.1", "2.0.0");
        assertThat(versions).extracting(VersionRecord::cardJson).containsOnly("{}");
        assertThat(registry.versions("unknown")).isEmpty();
        assertThat(registry.models()).containsExactly("digits", "iris");
    }

    @Test
    void transition_should_move_the_state_and_bump_the_revision_when_the_revision_is_current() {
        // GIVEN a registered version
        ModelKey key = ModelKey.parse("iris/1.0.0");
        registry.createVersion(version(key.toString(), LifecycleState.REGISTERED), "{\"card\":true}", ALICE);
        clock.advance(Duration.ofMinutes(1));

        // WHEN it is validated, then promoted
        VersionRecord validated = registry.transition(key, LifecycleState.VALIDATED, "checks passed", 1, BOB);
        clock.advance(Duration.ofMinutes(1));
        VersionRecord production = registry.transition(key, LifecycleState.PRODUCTION, null, 2, BOB);

        // THEN each step bumped the revision; the reason is kept until a transition clears it
        assertThat(validated.revision()).isEqualTo(2);
        assertThat(validated.stateReason()).isEqualTo("checks passed");
        assertThat(validated.updatedAt()).isEqualTo(START.plusSeconds(60));
        VersionRecord read = registry.version(key).orElseThrow();
        assertThat(read).usingRecursiveComparison().isEqualTo(production);
        assertThat(read.version().state()).isEqualTo(LifecycleState.PRODUCTION);
        assertThat(read.revision()).isEqualTo(3);
        assertThat(read.stateReason()).isEmpty();
        assertThat(read.createdBy()).isEqualTo("alice");
        assertThat(read.cardJson()).isEqualTo("{\"card\":true}");
    }

    @Test
    void transition_should_conflict_and_write_nothing_when_the_revision_is_stale() {
        // GIVEN a version validated once (revision 2)
        ModelKey key = ModelKey.parse("iris/1.0.0");
        registry.createVersion(version(key.toString(), LifecycleState.REGISTERED), "{}", ALICE);
        registry.transition(key, LifecycleState.VALIDATED, "ok", 1, ALICE);

        // WHEN a writer that read revision 1 archives it / THEN it is refused, naming version and revision
        assertThatThrownBy(() -> registry.transition(key, LifecycleState.ARCHIVED, "old", 1, BOB))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("iris/1.0.0")
                .hasMessageContaining("revision 1");
        // AND nothing changed: state, revision, audit trail
        VersionRecord read = registry.version(key).orElseThrow();
        assertThat(read.version().state()).isEqualTo(LifecycleState.VALIDATED);
        assertThat(read.revision()).isEqualTo(2);
        assertThat(registry.audit(AuditEvent.modelSubject("iris"), 100)).hasSize(2);
    }

    @Test
    void transition_should_conflict_when_the_version_does_not_exist() {
        // GIVEN an empty registry
        // WHEN a transition names a version nobody registered / THEN its precondition no longer holds
        assertThatThrownBy(() -> registry.transition(ModelKey.parse("iris/9.9.9"), LifecycleState.VALIDATED, "", 1, BOB))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("iris/9.9.9");
        assertThat(registry.audit(AuditEvent.modelSubject("iris"), 100)).isEmpty();
    }

    @Test
    void deleteVersion_should_remove_the_version_and_its_card_when_the_revision_is_current() {
        // GIVEN two versions
        ModelKey old = ModelKey.parse("iris/1.0.0");
        registry.createVersion(version(old.toString(), LifecycleState.ARCHIVED), "{\"old\":true}", ALICE);
        registry.createVersion(version("iris/1.1.0", LifecycleState.PRODUCTION), "{}", ALICE);

        // WHEN a stale delete is tried, then the current one
        assertThatThrownBy(() -> registry.deleteVersion(old, 2, BOB)).isInstanceOf(ConflictException.class);
        assertThat(registry.version(old)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        registry.deleteVersion(old, 1, BOB);

        // THEN the version and its card are gone, the other stays, and the trail keeps the last state
        assertThat(registry.version(old)).isEmpty();
        assertThat(registry.versions("iris")).extracting(r -> r.version().key().version()).containsExactly("1.1.0");
        AuditEvent deleted = registry.audit(AuditEvent.modelSubject("iris"), 1).get(0);
        assertThat(deleted.action()).isEqualTo(AuditEvent.DELETE_VERSION);
        assertThat(deleted.from()).contains("\"version\":\"1.0.0\"").contains("\"state\":\"ARCHIVED\"");
        assertThat(deleted.to()).isNull();
        // AND it can be registered again (no card left behind)
        registry.createVersion(version(old.toString(), LifecycleState.REGISTERED), "{\"new\":true}", ALICE);
        assertThat(registry.version(old).orElseThrow().cardJson()).isEqualTo("{\"new\":true}");
    }

    // --------------------------------------------------------------------------------- aliases

    @Test
    void setAlias_should_remember_the_previous_version_when_the_alias_moves() {
        // GIVEN production on 1.0.0
        AliasRecord created = registry.setAlias("iris", "production", "1.0.0", 0, ALICE);
        clock.advance(Duration.ofSeconds(5));

        // WHEN it moves to 1.1.0, and is set to 1.1.0 once more
        AliasRecord moved = registry.setAlias("iris", "production", "1.1.0", 1, BOB);
        AliasRecord again = registry.setAlias("iris", "production", "1.1.0", 2, BOB);

        // THEN it remembers 1.0.0 (a repeat keeps the remembered version), revisions count every write
        assertThat(created.previousVersion()).isNull();
        assertThat(created.revision()).isEqualTo(1);
        assertThat(moved.previousVersion()).isEqualTo("1.0.0");
        assertThat(again.previousVersion()).isEqualTo("1.0.0");
        assertThat(registry.alias("iris", "production")).contains(
                new AliasRecord("iris", "production", "1.1.0", "1.0.0", 3, START.plusSeconds(5), "bob"));
        assertThat(registry.aliases("iris")).extracting(AliasRecord::alias).containsExactly("production");
        assertThat(registry.alias("iris", "staging")).isEmpty();
    }

    @Test
    void setAlias_should_conflict_when_creating_an_alias_that_exists_or_moving_one_from_a_stale_revision() {
        // GIVEN production on 1.0.0 (revision 1)
        registry.setAlias("iris", "production", "1.0.0", 0, ALICE);

        // WHEN it is created again, or moved from revision 2 / THEN both are refused
        assertThatThrownBy(() -> registry.setAlias("iris", "production", "1.1.0", 0, BOB))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("production");
        assertThatThrownBy(() -> registry.setAlias("iris", "production", "1.1.0", 2, BOB))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("revision 2");
        assertThat(registry.alias("iris", "production").orElseThrow().version()).isEqualTo("1.0.0");
    }

    @Test
    void aliasHistory_should_list_every_move_newest_first_with_who_when_and_why_in_pages() {
        // GIVEN production created on 1.0.0, moved to 1.1.0, then moved back inside a multi-item change
        registry.setAlias("iris", "production", "1.0.0", 0, ALICE);
        clock.advance(Duration.ofSeconds(5));
        registry.setAlias("iris", "production", "1.1.0", 1, BOB);
        clock.advance(Duration.ofSeconds(5));
        registry.putEndpoint(split("iris", 10000), 0, ALICE);
        registry.atomically(List.of(new Mutation.SetAlias("iris", "production", "1.0.0", 2),
                new Mutation.PutEndpoint(split("iris", 9000), 1)), Change.by("modelfn-rollout", "alarm x: breached"));
        registry.setAlias("iris", "staging", "1.1.0", 0, BOB);

        // WHEN its history is read, two moves a page
        AliasHistory first = registry.aliasHistory("iris", "production", 2, null);
        AliasHistory second = registry.aliasHistory("iris", "production", 2, first.next());

        // THEN the moves come newest first, each with the version before, the time, the actor and the reason
        assertThat(first.moves()).extracting(AliasMove::version, AliasMove::previousVersion, AliasMove::actor,
                AliasMove::reason, AliasMove::at).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1.0.0", "1.1.0", "modelfn-rollout", "alarm x: breached",
                        START.plusSeconds(10)),
                org.assertj.core.groups.Tuple.tuple("1.1.0", "1.0.0", "bob", "tune weights", START.plusSeconds(5)));
        assertThat(first.next()).isNotNull();
        assertThat(second.moves()).extracting(AliasMove::version, AliasMove::previousVersion, AliasMove::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1.0.0", null, "alice"));
        assertThat(second.next()).isNull();
        // AND another alias's moves, or an unknown alias, are apart
        assertThat(registry.aliasHistory("iris", "staging", 10, null).moves()).extracting(AliasMove::version)
                .containsExactly("1.1.0");
        assertThat(registry.aliasHistory("iris", "canary", 10, null).moves()).isEmpty();
        assertThat(registry.aliasHistory("iris", "production", 10, null).next()).isNull();
    }

    @Test
    void aliasHistory_should_keep_no_move_of_a_refused_change() {
        // GIVEN production on 1.0.0 and an endpoint at revision 1
        registry.setAlias("iris", "production", "1.0.0", 0, ALICE);
        registry.putEndpoint(split("iris", 10000), 0, ALICE);

        // WHEN a change moves the alias together with a stale endpoint write / THEN it is refused
        assertThatThrownBy(() -> registry.atomically(List.of(new Mutation.SetAlias("iris", "production", "1.1.0", 1),
                new Mutation.PutEndpoint(split("iris", 9000), 7)), BOB)).isInstanceOf(ConflictException.class);

        // AND the history holds the creation only
        assertThat(registry.aliasHistory("iris", "production", 10, null).moves()).extracting(AliasMove::version)
                .containsExactly("1.0.0");
    }

    // ------------------------------------------------------------------------------- endpoints

    @Test
    void putEndpoint_should_create_then_update_with_a_new_revision_each_time() {
        // GIVEN nothing
        // WHEN an endpoint is created, then its weights change
        EndpointConfig created = registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        clock.advance(Duration.ofSeconds(30));
        EndpointConfig updated = registry.putEndpoint(withShadow(split("iris", 9_000)), created.revision(), BOB);

        // THEN the registry set revision and time, and reads back what it returned
        assertThat(created.revision()).isEqualTo(1);
        assertThat(created.updatedAt()).isEqualTo(START);
        assertThat(updated.revision()).isEqualTo(2);
        assertThat(updated.updatedAt()).isEqualTo(START.plusSeconds(30));
        assertThat(updated.variants()).isEqualTo(split("iris", 9_000).variants());
        assertThat(registry.endpoint("iris")).contains(updated);
        assertThat(registry.endpoints()).containsExactly(updated);
    }

    @Test
    void putEndpoint_should_conflict_and_write_nothing_when_the_revision_is_stale_or_the_endpoint_exists() {
        // GIVEN an endpoint at revision 2
        registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        EndpointConfig current = registry.putEndpoint(split("iris", 9_000), 1, ALICE);

        // WHEN a writer that read revision 1 changes it, or another creates it / THEN both are refused
        assertThatThrownBy(() -> registry.putEndpoint(split("iris", 5_000), 1, BOB))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("endpoint 'iris'")
                .hasMessageContaining("revision 1");
        assertThatThrownBy(() -> registry.putEndpoint(split("iris", 5_000), 0, BOB))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> registry.putEndpoint(split("digits", 5_000), 3, BOB))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("does not exist");
        // AND nothing changed
        assertThat(registry.endpoint("iris")).contains(current);
        assertThat(registry.endpoint("digits")).isEmpty();
        assertThat(registry.audit(AuditEvent.endpointSubject("iris"), 100)).hasSize(2);
    }

    @Test
    void putEndpoint_should_refuse_a_configuration_whose_weights_do_not_add_up() {
        // GIVEN weights summing to 9000
        EndpointConfig broken = new EndpointConfig("iris", List.of(
                new Variant(Variant.STABLE, ModelKey.parse("iris/1.0.0"), 9_000)), null, null, null, 0, null);

        // WHEN it is stored / THEN it is refused with the problem, nothing stored
        assertThatThrownBy(() -> registry.putEndpoint(broken, 0, ALICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10000");
        assertThat(registry.endpoint("iris")).isEmpty();
    }

    // ----------------------------------------------------------------------------------- audit

    @Test
    void audit_should_hold_one_event_per_successful_change_and_none_for_refused_ones() {
        // GIVEN a mix of successful and refused changes, a second apart
        int successes = 0;
        registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        successes++;
        clock.advance(Duration.ofSeconds(1));
        registry.putEndpoint(split("iris", 9_500), 1, BOB);
        successes++;
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> registry.putEndpoint(split("iris", 9_000), 1, BOB)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> registry.putEndpoint(split("iris", 9_000), 0, BOB)).isInstanceOf(ConflictException.class);
        registry.putEndpoint(split("iris", 9_000), 2, BOB);
        successes++;

        // WHEN the endpoint's trail is read
        List<AuditEvent> events = registry.audit(AuditEvent.endpointSubject("iris"), 100);

        // THEN it has exactly the successful changes, newest first, each from what the one before made
        assertThat(events).hasSize(successes);
        assertThat(events).extracting(AuditEvent::at)
                .containsExactly(START.plusSeconds(2), START.plusSeconds(1), START);
        assertThat(events).extracting(AuditEvent::action).containsOnly(AuditEvent.PUT_ENDPOINT);
        assertThat(events.get(2).from()).isNull();
        assertThat(events.get(2).to()).contains("\"weight\":10000").contains("\"revision\":1");
        assertThat(events.get(1).from()).isEqualTo(events.get(2).to());
        assertThat(events.get(0).from()).isEqualTo(events.get(1).to());
        assertThat(events.get(0).to()).contains("\"weight\":9000").contains("\"revision\":3");
        AuditEvent first = events.get(2);
        assertThat(first.actor()).isEqualTo("alice");
        assertThat(first.reason()).isEqualTo("first rollout");
        assertThat(first.requestId()).isEqualTo("req-1");
        assertThat(first.subject()).isEqualTo("endpoint:iris");
        assertThat(events.get(0).reason()).isEqualTo("tune weights");
        assertThat(events.get(0).requestId()).isNull();
        assertThat(events).extracting(AuditEvent::id).doesNotHaveDuplicates();
        // AND the limit keeps the newest
        assertThat(registry.audit(AuditEvent.endpointSubject("iris"), 1)).containsExactly(events.get(0));
        assertThat(registry.audit(AuditEvent.endpointSubject("digits"), 10)).isEmpty();
    }

    @Test
    void audit_should_list_changes_of_the_same_instant_newest_first() {
        // GIVEN three changes of one endpoint while the clock stands still
        registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        registry.putEndpoint(split("iris", 9_000), 1, BOB);
        registry.putEndpoint(split("iris", 8_000), 2, ALICE);

        // WHEN the trail is read
        List<AuditEvent> events = registry.audit(AuditEvent.endpointSubject("iris"), 100);

        // THEN the last change comes first
        assertThat(events).extracting(AuditEvent::to).satisfiesExactly(
                to -> assertThat(to).contains("\"revision\":3"),
                to -> assertThat(to).contains("\"revision\":2"),
                to -> assertThat(to).contains("\"revision\":1"));
    }

    @Test
    void audit_should_name_each_action_of_a_models_versions_and_aliases() {
        // GIVEN a version registered, validated, aliased and finally deleted, a second apart
        ModelKey key = ModelKey.parse("iris/1.0.0");
        registry.createVersion(version(key.toString(), LifecycleState.REGISTERED), "{}", ALICE);
        clock.advance(Duration.ofSeconds(1));
        registry.transition(key, LifecycleState.VALIDATED, "checks passed", 1, ALICE);
        clock.advance(Duration.ofSeconds(1));
        registry.setAlias("iris", "staging", "1.0.0", 0, ALICE);
        clock.advance(Duration.ofSeconds(1));
        registry.deleteVersion(key, 2, ALICE);

        // WHEN the model's trail is read
        List<AuditEvent> events = registry.audit(AuditEvent.modelSubject("iris"), 10);

        // THEN every action is there under the model's subject, newest first
        assertThat(events).extracting(AuditEvent::action).containsExactly(AuditEvent.DELETE_VERSION,
                AuditEvent.SET_ALIAS, AuditEvent.TRANSITION, AuditEvent.CREATE_VERSION);
        assertThat(events).extracting(AuditEvent::subject).containsOnly("model:iris");
        AuditEvent transition = events.get(2);
        assertThat(transition.from()).contains("\"state\":\"REGISTERED\"").contains("\"revision\":1");
        assertThat(transition.to()).contains("\"state\":\"VALIDATED\"").contains("\"stateReason\":\"checks passed\"")
                .contains("\"revision\":2");
        assertThat(events.get(1).to()).contains("\"alias\":\"staging\"");
        assertThatThrownBy(() -> registry.audit("iris", 10)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------------------- atomically

    @Test
    void atomically_should_write_every_mutation_and_its_event_when_every_guard_holds() {
        // GIVEN iris 1.0.0 in production behind the production alias, 1.1.0 in staging, an endpoint on 1.0.0
        registry.createVersion(version("iris/1.0.0", LifecycleState.PRODUCTION), "{}", ALICE);
        registry.createVersion(version("iris/1.1.0", LifecycleState.STAGING), "{}", ALICE);
        registry.setAlias("iris", "production", "1.0.0", 0, ALICE);
        EndpointConfig endpoint = registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        clock.advance(Duration.ofSeconds(1));

        // WHEN 1.1.0 is promoted in one change
        registry.atomically(List.of(
                new Mutation.Transition(ModelKey.parse("iris/1.1.0"), LifecycleState.PRODUCTION, "promoted", 1),
                new Mutation.Transition(ModelKey.parse("iris/1.0.0"), LifecycleState.STAGING, "replaced", 1),
                new Mutation.SetAlias("iris", "production", "1.1.0", 1),
                new Mutation.PutEndpoint(promoted(endpoint), 1)), BOB);

        // THEN all four happened, each with its event
        assertThat(registry.version(ModelKey.parse("iris/1.1.0")).orElseThrow().version().state())
                .isEqualTo(LifecycleState.PRODUCTION);
        assertThat(registry.version(ModelKey.parse("iris/1.0.0")).orElseThrow().version().state())
                .isEqualTo(LifecycleState.STAGING);
        assertThat(registry.alias("iris", "production").orElseThrow().previousVersion()).isEqualTo("1.0.0");
        assertThat(registry.endpoint("iris").orElseThrow().revision()).isEqualTo(2);
        assertThat(registry.audit(AuditEvent.modelSubject("iris"), 100))
                .filteredOn(e -> e.at().equals(START.plusSeconds(1))).hasSize(3);
        assertThat(registry.audit(AuditEvent.endpointSubject("iris"), 100)).hasSize(2);
    }

    @Test
    void atomically_should_write_nothing_when_one_guard_is_stale() {
        // GIVEN the same promotion as above, but the endpoint changed since it was read
        registry.createVersion(version("iris/1.0.0", LifecycleState.PRODUCTION), "{}", ALICE);
        registry.createVersion(version("iris/1.1.0", LifecycleState.STAGING), "{}", ALICE);
        registry.setAlias("iris", "production", "1.0.0", 0, ALICE);
        EndpointConfig endpoint = registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        EndpointConfig changedSince = registry.putEndpoint(split("iris", 9_900), 1, ALICE);
        int modelEvents = registry.audit(AuditEvent.modelSubject("iris"), 100).size();

        // WHEN the promotion is applied with the endpoint's old revision / THEN it is refused
        assertThatThrownBy(() -> registry.atomically(List.of(
                new Mutation.Transition(ModelKey.parse("iris/1.1.0"), LifecycleState.PRODUCTION, "promoted", 1),
                new Mutation.SetAlias("iris", "production", "1.1.0", 1),
                new Mutation.PutEndpoint(promoted(endpoint), 1)), BOB))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("endpoint 'iris'");

        // AND nothing was written: not the version, not the alias, no event
        assertThat(registry.version(ModelKey.parse("iris/1.1.0")).orElseThrow().version().state())
                .isEqualTo(LifecycleState.STAGING);
        assertThat(registry.version(ModelKey.parse("iris/1.1.0")).orElseThrow().revision()).isEqualTo(1);
        assertThat(registry.alias("iris", "production").orElseThrow().version()).isEqualTo("1.0.0");
        assertThat(registry.endpoint("iris")).contains(changedSince);
        assertThat(registry.audit(AuditEvent.modelSubject("iris"), 100)).hasSize(modelEvents);
        assertThat(registry.audit(AuditEvent.endpointSubject("iris"), 100)).hasSize(2);
    }

    @Test
    void atomically_should_refuse_more_than_25_mutations_or_two_of_one_item() {
        // GIVEN 26 alias creations, and two changes of one alias
        List<Mutation> many = IntStream.range(0, 26)
                .<Mutation>mapToObj(i -> new Mutation.SetAlias("iris", "alias-" + i, "1.0.0", 0)).toList();
        List<Mutation> twice = List.of(new Mutation.SetAlias("iris", "a", "1.0.0", 0),
                new Mutation.SetAlias("iris", "a", "1.1.0", 0));

        // WHEN they are applied / THEN both are refused before anything is written
        assertThatThrownBy(() -> registry.atomically(many, ALICE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("25");
        assertThatThrownBy(() -> registry.atomically(twice, ALICE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.aliases("iris")).isEmpty();
        // AND 25 are fine
        registry.atomically(many.subList(0, 25), ALICE);
        assertThat(registry.aliases("iris")).hasSize(25);
        assertThat(registry.audit(AuditEvent.modelSubject("iris"), 100)).hasSize(25);
    }

    // ---------------------------------------------------------------------------- idempotency

    @Test
    void idempotent_should_return_the_stored_result_without_running_again_when_the_key_is_reused() {
        // GIVEN a change made under a key
        AtomicInteger runs = new AtomicInteger();
        String first = registry.idempotent("key-1", "fp-a", () -> {
            runs.incrementAndGet();
            return "{\"revision\":" + registry.putEndpoint(split("iris", 10_000), 0, ALICE).revision() + "}";
        });

        // WHEN the same request is retried
        String retried = registry.idempotent("key-1", "fp-a", () -> {
            runs.incrementAndGet();
            return "should not run";
        });

        // THEN it gets the first result and nothing ran or changed
        assertThat(retried).isEqualTo(first).isEqualTo("{\"revision\":1}");
        assertThat(runs).hasValue(1);
        assertThat(registry.audit(AuditEvent.endpointSubject("iris"), 100)).hasSize(1);
    }

    @Test
    void idempotent_should_refuse_a_key_reused_for_another_request() {
        // GIVEN a key used for one request
        registry.idempotent("key-1", "fp-a", () -> "done");
        AtomicInteger runs = new AtomicInteger();

        // WHEN another request comes with it / THEN it is refused without running
        assertThatThrownBy(() -> registry.idempotent("key-1", "fp-b", () -> "other" + runs.incrementAndGet()))
                .isInstanceOf(IdempotencyKeyReusedException.class)
                .hasMessageContaining("key-1");
        assertThat(runs).hasValue(0);
    }

    @Test
    void idempotent_should_conflict_when_the_same_key_is_still_running() throws Exception {
        // GIVEN a request under a key, paused in the middle of its mutation
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> registry.idempotent("key-1", "fp-a", () -> {
                started.countDown();
                await(release);
                return "first";
            }), executor);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            AtomicInteger runs = new AtomicInteger();

            // WHEN the same request arrives meanwhile / THEN it is told to come back, without running
            assertThatThrownBy(() -> registry.idempotent("key-1", "fp-a", () -> "second" + runs.incrementAndGet()))
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("a request with this idempotency key is still running");
            assertThat(runs).hasValue(0);

            // AND once the first finishes, a retry gets its result
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(registry.idempotent("key-1", "fp-a", () -> "third")).isEqualTo("first");
        } finally {
            release.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void idempotent_should_release_the_key_when_the_mutation_fails() {
        // GIVEN a request whose mutation fails (a stale revision)
        registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        assertThatThrownBy(() -> registry.idempotent("key-1", "fp-a",
                () -> registry.putEndpoint(split("iris", 9_000), 7, BOB).toString()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("revision 7");

        // WHEN the caller retries with the same key
        String retried = registry.idempotent("key-1", "fp-a",
                () -> Long.toString(registry.putEndpoint(split("iris", 9_000), 1, BOB).revision()));

        // THEN the mutation runs
        assertThat(retried).isEqualTo("2");
    }

    @Test
    void idempotent_should_let_another_caller_take_over_a_claim_when_it_has_expired() throws Exception {
        // GIVEN a request that holds a key and hangs
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<String> hung = CompletableFuture.supplyAsync(() -> registry.idempotent("key-1", "fp-a", () -> {
                started.countDown();
                await(release);
                return "hung";
            }), executor);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            // WHEN more than a minute passes and the request is retried
            clock.advance(Duration.ofSeconds(61));
            String retried = registry.idempotent("key-1", "fp-a", () -> "retried");

            // THEN the retry ran and its result is the one remembered, even after the first finishes
            release.countDown();
            assertThat(hung.get(10, TimeUnit.SECONDS)).isEqualTo("hung");
            assertThat(retried).isEqualTo("retried");
            assertThat(registry.idempotent("key-1", "fp-a", () -> "again")).isEqualTo("retried");
        } finally {
            release.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void idempotent_should_forget_a_result_after_a_day_and_always_run_without_a_key() {
        // GIVEN a result stored under a key
        registry.idempotent("key-1", "fp-a", () -> "first");

        // WHEN a day and a minute pass / THEN the key is free again, for any request
        clock.advance(Duration.ofHours(24).plusMinutes(1));
        assertThat(registry.idempotent("key-1", "fp-b", () -> "later")).isEqualTo("later");
        // AND without a key the mutation simply runs, every time
        AtomicInteger runs = new AtomicInteger();
        registry.idempotent(null, null, () -> Integer.toString(runs.incrementAndGet()));
        registry.idempotent(null, null, () -> Integer.toString(runs.incrementAndGet()));
        assertThat(runs).hasValue(2);
    }

    // ---------------------------------------------------------------------------------- the race

    @Test
    void putEndpoint_should_let_exactly_one_of_50_writers_win_when_they_race_on_one_revision() throws Exception {
        // GIVEN an endpoint
        registry.putEndpoint(split("race", 10_000), 0, ALICE);

        // WHEN 50 writers race 5 times, each round from the revision they all read
        // THEN each round has one winner, whose configuration is stored, and one event (checked inside)
        for (int round = 0; round < 5; round++) {
            raceOfPutEndpoints(registry, "race", RACERS);
        }
        assertThat(registry.endpoint("race").orElseThrow().revision()).isEqualTo(6);
        assertThat(registry.audit(AuditEvent.endpointSubject("race"), 100)).hasSize(6);
    }

    /**
     * One round of the race: {@code racers} threads start together (a latch), each storing a
     * different weight split against the same expected revision. Asserts exactly one success, the
     * others {@link ConflictException}, the winner's configuration stored at revision + 1, and exactly
     * one new audit event, the winner's.
     *
     * @return the winner's configuration
     */
    public static EndpointConfig raceOfPutEndpoints(ModelRegistry registry, String endpoint, int racers) throws Exception {
        EndpointConfig before = registry.endpoint(endpoint).orElseThrow();
        long expected = before.revision();
        List<String> eventsBefore = registry.audit(AuditEvent.endpointSubject(endpoint), 1_000).stream()
                .map(AuditEvent::id).toList();

        ExecutorService executor = Executors.newFixedThreadPool(racers);
        CountDownLatch ready = new CountDownLatch(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<EndpointConfig> winners = Collections.synchronizedList(new ArrayList<>());
        List<String> winnerActors = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger conflicts = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                int canary = 100 * (i + 1) % 10_000;
                String actor = "writer-" + i;
                done.add(CompletableFuture.runAsync(() -> {
                    ready.countDown();
                    await(go);
                    try {
                        winners.add(registry.putEndpoint(split(endpoint, 10_000 - canary), expected,
                                Change.by(actor, "race")));
                        winnerActors.add(actor);
                    } catch (ConflictException e) {
                        conflicts.incrementAndGet();
                    } catch (RuntimeException e) {
                        unexpected.add(e);
                    }
                }, executor));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("every racer at the start").isTrue();
            go.countDown();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            executor.shutdownNow();
        }

        assertThat(unexpected).as("failures other than conflicts").isEmpty();
        assertThat(winners).as("winners").hasSize(1);
        assertThat(conflicts).as("conflicts").hasValue(racers - 1);
        EndpointConfig winner = winners.get(0);
        EndpointConfig stored = registry.endpoint(endpoint).orElseThrow();
        assertThat(stored).isEqualTo(winner);
        assertThat(stored.revision()).isEqualTo(expected + 1);
        List<AuditEvent> events = registry.audit(AuditEvent.endpointSubject(endpoint), 1_000);
        assertThat(events).hasSize(eventsBefore.size() + 1);
        assertThat(events).filteredOn(e -> !eventsBefore.contains(e.id())).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(winnerActors.get(0));
            assertThat(e.to()).contains("\"revision\":" + (expected + 1));
        });
        return winner;
    }

    // -------------------------------------------------------------------------------- helpers

    /** A copy of iris 1.1.0's sample version under another key, in the given state, without a creation time. */
    protected static ModelVersion version(String key, LifecycleState state) {
        ModelVersion template = Registries.sample("iris/1.1.0");
        return new ModelVersion(ModelKey.parse(key), template.artifact(), template.sha256(), template.sizeBytes(),
                template.signature(), state, template.task(), template.labels(), template.features(), null);
    }

    /** {@code stable} on 1.0.0 with {@code stableWeight}, the rest {@code canary} on 1.1.0. */
    protected static EndpointConfig split(String name, int stableWeight) {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(Variant.STABLE, new ModelKey(name, "1.0.0"), stableWeight));
        if (stableWeight < Variant.TOTAL_WEIGHT) {
            variants.add(new Variant(Variant.CANARY, new ModelKey(name, "1.1.0"), Variant.TOTAL_WEIGHT - stableWeight));
        }
        return new EndpointConfig(name, variants, null, null, null, 0, null);
    }

    private static EndpointConfig withShadow(EndpointConfig endpoint) {
        return new EndpointConfig(endpoint.name(), endpoint.variants(),
                new ShadowConfig(new ModelKey(endpoint.name(), "2.0.0-rc.1"), 2_500), "salt-1", null, 0, null);
    }

    private static EndpointConfig promoted(EndpointConfig endpoint) {
        return endpoint.withVariants(List.of(new Variant(Variant.STABLE, ModelKey.parse("iris/1.1.0"), 10_000)));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
