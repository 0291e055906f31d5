package io.modelfn.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.IllegalTransitionException;
import io.modelfn.core.registry.write.VersionRecord;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Promotion, lifecycle moves, archiving and aliases.
 */
class VersionLifecycleTest extends AdminUseCaseFixture {
    @Test
    void promote_should_keep_one_production_version_and_move_the_alias_in_one_atomic_change() {
        // GIVEN iris 1.0.0 in production behind the production alias, and a validated 1.1.0
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        lifecycle.promote("iris", "1.0.0", null, SEEDER);
        int events = audit("iris").size();
        registry.resetCounts();

        // WHEN 1.1.0 is promoted
        VersionLifecycle.Promotion promotion = lifecycle.promote("iris", "1.1.0", null, ALICE);

        // THEN it is the only production version, the old one is demoted, and the alias remembers it
        assertThat(promotion.demoted()).isEqualTo("1.0.0");
        assertThat(state("iris", "1.1.0")).isEqualTo(LifecycleState.PRODUCTION);
        assertThat(state("iris", "1.0.0")).isEqualTo(LifecycleState.STAGING);
        assertThat(fake.versions("iris")).filteredOn(v -> v.version().state() == LifecycleState.PRODUCTION)
                .hasSize(1);
        AliasRecord alias = fake.alias("iris", "production").orElseThrow();
        assertThat(alias.version()).isEqualTo("1.1.0");
        assertThat(alias.previousVersion()).isEqualTo("1.0.0");
        assertThat(promotion.alias()).isEqualTo(alias);
        assertThat(promotion.version().version().state()).isEqualTo(LifecycleState.PRODUCTION);

        // AND all three changes went in one transaction, each with its audit event, actor and reason
        assertThat(registry.atomicCalls()).isEqualTo(1);
        assertThat(registry.singleWrites()).isZero();
        List<AuditEvent> added = audit("iris").subList(0, audit("iris").size() - events);
        assertThat(added).hasSize(3);
        assertThat(added).extracting(AuditEvent::action)
                .containsExactlyInAnyOrder(AuditEvent.TRANSITION, AuditEvent.TRANSITION, AuditEvent.SET_ALIAS);
        assertThat(added).extracting(AuditEvent::to).anySatisfy(to -> assertThat(to)
                .contains("\"version\":\"1.1.0\"", "\"state\":\"PRODUCTION\""));
        assertThat(added).extracting(AuditEvent::to).anySatisfy(to -> assertThat(to)
                .contains("\"version\":\"1.0.0\"", "\"state\":\"STAGING\""));
        assertThat(added).extracting(AuditEvent::to).anySatisfy(to -> assertThat(to)
                .contains("\"alias\":\"production\"", "\"version\":\"1.1.0\"", "\"previousVersion\":\"1.0.0\""));
        assertThat(added).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.reason()).isEqualTo("ship it");
            assertThat(e.at()).isEqualTo(added.get(0).at());
        });
    }

    @Test
    void promote_should_change_nothing_when_another_writer_moves_the_alias_meanwhile() {
        // GIVEN 1.0.0 in production, a validated 1.1.0, and another operator who moves the alias to
        // 1.2.0 just before the promotion is written
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.2.0", LifecycleState.VALIDATED);
        lifecycle.promote("iris", "1.0.0", null, SEEDER);
        registry.beforeAtomically(() -> {
            AliasRecord current = fake.alias("iris", "production").orElseThrow();
            fake.setAlias("iris", "production", "1.2.0", current.revision(), Change.by("bob", "hotfix"));
        });
        int events = audit("iris").size();

        // WHEN 1.1.0 is promoted
        // THEN the promotion conflicts and none of its changes is made
        assertThatThrownBy(() -> lifecycle.promote("iris", "1.1.0", null, ALICE)).isInstanceOf(ConflictException.class);
        assertThat(state("iris", "1.0.0")).isEqualTo(LifecycleState.PRODUCTION);
        assertThat(state("iris", "1.1.0")).isEqualTo(LifecycleState.VALIDATED);
        assertThat(fake.alias("iris", "production").orElseThrow().version()).isEqualTo("1.2.0");
        assertThat(audit("iris")).hasSize(events + 1); // only bob's alias change
    }

    @Test
    void promote_should_point_the_named_alias_and_keep_the_production_version_when_it_is_promoted_again() {
        // GIVEN 1.1.0 in production
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        lifecycle.promote("iris", "1.1.0", null, SEEDER);

        // WHEN it is promoted again under another alias
        VersionLifecycle.Promotion promotion = lifecycle.promote("iris", "1.1.0", "live", ALICE);

        // THEN only the alias is written, and nothing was demoted
        assertThat(promotion.demoted()).isNull();
        assertThat(promotion.alias().alias()).isEqualTo("live");
        assertThat(fake.alias("iris", "live").orElseThrow().version()).isEqualTo("1.1.0");
        assertThat(fake.alias("iris", "production").orElseThrow().version()).isEqualTo("1.1.0");
        assertThat(state("iris", "1.1.0")).isEqualTo(LifecycleState.PRODUCTION);
    }

    @ParameterizedTest
    @EnumSource(value = LifecycleState.class, names = {"REGISTERED", "FAILED", "ARCHIVED"})
    void promote_should_refuse_a_version_that_has_not_passed_validation(LifecycleState state) {
        // GIVEN iris 1.5.0 that may not take traffic
        seed(IRIS_110, "iris", "1.5.0", state);
        int events = audit("iris").size();

        // WHEN it is promoted / THEN the lifecycle refuses it, and nothing changes
        assertThatThrownBy(() -> lifecycle.promote("iris", "1.5.0", null, ALICE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining(state.name());
        assertThat(state("iris", "1.5.0")).isEqualTo(state);
        assertThat(fake.alias("iris", "production")).isEmpty();
        assertThat(audit("iris")).hasSize(events);
    }

    @Test
    void promote_should_answer_not_found_when_the_version_is_unknown() {
        // GIVEN no iris 9.9.9
        // WHEN it is promoted / THEN it is not found
        assertThatThrownBy(() -> lifecycle.promote("iris", "9.9.9", null, ALICE)).isInstanceOf(VersionNotFoundException.class);
    }


    @ParameterizedTest
    @EnumSource(value = LifecycleState.class, names = {"VALIDATED", "STAGING", "FAILED", "REGISTERED"})
    void transition_should_refuse_production_whatever_the_state_when_promote_is_not_used(LifecycleState from) {
        // GIVEN a version in some state
        seed(IRIS_110, "iris", "1.5.0", from);
        int events = audit("iris").size();

        // WHEN it is moved to PRODUCTION directly / THEN it is refused: only promote keeps one production version
        assertThatThrownBy(() -> lifecycle.transition("iris", "1.5.0", LifecycleState.PRODUCTION, "now", 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("promote");
        assertThat(state("iris", "1.5.0")).isEqualTo(from);
        assertThat(audit("iris")).hasSize(events);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "FAILED->VALIDATED", "FAILED->STAGING", "REGISTERED->STAGING", "ARCHIVED->STAGING", "ARCHIVED->FAILED",
        "ARCHIVED->REGISTERED", "VALIDATED->REGISTERED", "PRODUCTION->VALIDATED", "STAGING->REGISTERED"})
    void transition_should_refuse_moves_the_lifecycle_does_not_allow(String move) {
        // GIVEN a version in the move's first state
        LifecycleState from = LifecycleState.valueOf(move.split("->")[0]);
        LifecycleState to = LifecycleState.valueOf(move.split("->")[1]);
        seed(IRIS_110, "iris", "1.5.0", from);
        int events = audit("iris").size();

        // WHEN it is moved to the second / THEN the lifecycle refuses it and nothing is written
        assertThatThrownBy(() -> lifecycle.transition("iris", "1.5.0", to, "why not", 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining(from.name()).hasMessageContaining(to.name());
        assertThat(state("iris", "1.5.0")).isEqualTo(from);
        assertThat(audit("iris")).hasSize(events);
    }

    @Test
    void transition_should_move_the_version_and_record_why_when_the_move_is_legal() {
        // GIVEN a validated version
        VersionRecord seeded = seed(IRIS_110, "iris", "1.5.0", LifecycleState.VALIDATED);

        // WHEN it is moved to STAGING at the revision read
        VersionRecord moved = lifecycle.transition("iris", "1.5.0", LifecycleState.STAGING, "soak test", seeded.revision(),
                ALICE);

        // THEN it is STAGING with the reason, one revision later, with one audit event
        assertThat(moved.version().state()).isEqualTo(LifecycleState.STAGING);
        assertThat(moved.stateReason()).isEqualTo("soak test");
        assertThat(moved.revision()).isEqualTo(seeded.revision() + 1);
        AuditEvent event = audit("iris").get(0);
        assertThat(event.action()).isEqualTo(AuditEvent.TRANSITION);
        assertThat(event.from()).contains("\"state\":\"VALIDATED\"");
        assertThat(event.to()).contains("\"state\":\"STAGING\"");
    }

    @Test
    void transition_should_conflict_when_the_revision_read_is_stale() {
        // GIVEN a version that changed since revision 1 was read
        seed(IRIS_110, "iris", "1.5.0", LifecycleState.VALIDATED);
        lifecycle.transition("iris", "1.5.0", LifecycleState.STAGING, "soak", 1, SEEDER);

        // WHEN it is moved on with revision 1 / THEN it conflicts and stays as it is
        assertThatThrownBy(() -> lifecycle.transition("iris", "1.5.0", LifecycleState.ARCHIVED, "old", 1, ALICE))
                .isInstanceOf(ConflictException.class);
        assertThat(state("iris", "1.5.0")).isEqualTo(LifecycleState.STAGING);
    }

    @Test
    void archive_should_refuse_a_version_an_alias_points_at_now_or_before() {
        // GIVEN production moved from 1.0.0 to 1.1.0 (1.0.0 is the alias's previous version)
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        lifecycle.setAlias("iris", "production", "1.0.0", 0, SEEDER);
        lifecycle.setAlias("iris", "production", "1.1.0", 1, SEEDER);

        // WHEN either is archived or failed / THEN each is refused while the alias uses it
        for (String version : List.of("1.0.0", "1.1.0")) {
            assertThatThrownBy(() -> lifecycle.archive("iris", version, "tidy", ALICE))
                    .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("alias");
            assertThatThrownBy(() -> lifecycle.transition("iris", version, LifecycleState.FAILED, "bad", 0, ALICE))
                    .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("alias");
            assertThat(state("iris", version)).isEqualTo(LifecycleState.VALIDATED);
        }
    }

    @Test
    void archive_should_refuse_a_version_an_endpoint_uses_even_at_weight_zero_or_as_shadow() {
        // GIVEN an endpoint with a stable variant, a variant at weight 0 and a shadow, on three versions
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.2.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.3.0", LifecycleState.VALIDATED);
        endpoints.putEndpoint("iris", List.of(variant("stable", "iris", "1.1.0", 10_000),
                variant("idle", "iris", "1.2.0", 0)), variant("shadow", "iris", "1.3.0", 500), null, null, 0, SEEDER);

        // WHEN each is archived / THEN each is refused
        for (String version : List.of("1.1.0", "1.2.0", "1.3.0")) {
            assertThatThrownBy(() -> lifecycle.archive("iris", version, "tidy", ALICE))
                    .as(version).isInstanceOf(IllegalTransitionException.class).hasMessageContaining("endpoint");
            assertThat(state("iris", version)).isEqualTo(LifecycleState.VALIDATED);
        }
    }

    @Test
    void archive_should_archive_an_unused_version_and_do_nothing_when_it_is_already_archived() {
        // GIVEN an unused validated version
        seed(IRIS_110, "iris", "1.5.0", LifecycleState.VALIDATED);

        // WHEN it is archived twice
        VersionRecord archived = lifecycle.archive("iris", "1.5.0", "superseded", ALICE);
        int events = audit("iris").size();
        VersionRecord again = lifecycle.archive("iris", "1.5.0", "superseded", ALICE);

        // THEN it is ARCHIVED with the reason, and the second call wrote nothing
        assertThat(archived.version().state()).isEqualTo(LifecycleState.ARCHIVED);
        assertThat(archived.stateReason()).isEqualTo("superseded");
        assertThat(again).isEqualTo(archived);
        assertThat(audit("iris")).hasSize(events);
    }


    @ParameterizedTest
    @EnumSource(value = LifecycleState.class, names = {"REGISTERED", "FAILED", "ARCHIVED"})
    void setAlias_should_refuse_a_version_that_may_not_take_traffic(LifecycleState state) {
        // GIVEN a version that has not passed validation (or was archived)
        seed(IRIS_110, "iris", "1.5.0", state);

        // WHEN an alias is pointed at it / THEN it is refused and no alias exists
        assertThatThrownBy(() -> lifecycle.setAlias("iris", "staging", "1.5.0", 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining(state.name());
        assertThat(fake.alias("iris", "staging")).isEmpty();
    }

    @Test
    void setAlias_should_refuse_unknown_versions_and_bad_alias_names() {
        // GIVEN one validated version
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);

        // WHEN an alias points at an unknown version, or has a bad name / THEN each is refused
        assertThatThrownBy(() -> lifecycle.setAlias("iris", "staging", "9.9.9", 0, ALICE))
                .isInstanceOf(VersionNotFoundException.class);
        for (String bad : List.of("Staging", "1st", "", "a".repeat(33), "prod/x", "prod uction")) {
            assertThatThrownBy(() -> lifecycle.setAlias("iris", bad, "1.1.0", 0, ALICE))
                    .as(bad).isInstanceOf(InvalidAdminRequestException.class);
        }
        assertThat(fake.aliases("iris")).isEmpty();
    }

    @Test
    void setAlias_should_remember_the_previous_version_and_conflict_on_a_stale_revision() {
        // GIVEN two validated versions, and the staging alias on the first
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.STAGING);
        AliasRecord created = lifecycle.setAlias("iris", "staging", "1.0.0", 0, ALICE);

        // WHEN it is moved to the second at the revision read, then again with the old revision
        AliasRecord moved = lifecycle.setAlias("iris", "staging", "1.1.0", created.revision(), ALICE);

        // THEN it names both versions; the stale writer conflicts
        assertThat(moved.version()).isEqualTo("1.1.0");
        assertThat(moved.previousVersion()).isEqualTo("1.0.0");
        assertThat(moved.revision()).isEqualTo(created.revision() + 1);
        assertThatThrownBy(() -> lifecycle.setAlias("iris", "staging", "1.0.0", created.revision(), ALICE))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> lifecycle.setAlias("iris", "staging", "1.0.0", 0, ALICE))
                .isInstanceOf(ConflictException.class);
        assertThat(fake.alias("iris", "staging")).contains(moved);
    }

    @Test
    void rollbackAlias_should_point_the_alias_back_at_its_previous_version() {
        // GIVEN production moved from 1.0.0 to 1.1.0
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        lifecycle.setAlias("iris", "production", "1.0.0", 0, SEEDER);
        lifecycle.setAlias("iris", "production", "1.1.0", 1, SEEDER);

        // WHEN it is rolled back
        AliasRecord rolledBack = lifecycle.rollbackAlias("iris", "production", Change.by("oncall", "error-rate alarm"));

        // THEN it names 1.0.0 again and remembers 1.1.0, with an audit event saying why
        assertThat(rolledBack.version()).isEqualTo("1.0.0");
        assertThat(rolledBack.previousVersion()).isEqualTo("1.1.0");
        assertThat(rolledBack.revision()).isEqualTo(3);
        AuditEvent event = audit("iris").get(0);
        assertThat(event.action()).isEqualTo(AuditEvent.SET_ALIAS);
        assertThat(event.actor()).isEqualTo("oncall");
        assertThat(event.reason()).isEqualTo("error-rate alarm");
    }

    @Test
    void rollbackAlias_should_refuse_when_there_is_no_previous_version_or_no_alias() {
        // GIVEN an alias set once
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        AliasRecord alias = lifecycle.setAlias("iris", "production", "1.1.0", 0, SEEDER);

        // WHEN it, or an alias that does not exist, is rolled back / THEN each is refused and nothing changes
        assertThatThrownBy(() -> lifecycle.rollbackAlias("iris", "production", ALICE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("no previous version");
        assertThatThrownBy(() -> lifecycle.rollbackAlias("iris", "staging", ALICE))
                .isInstanceOf(VersionNotFoundException.class);
        assertThat(fake.alias("iris", "production")).contains(alias);
    }
}
