package io.modelfn.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.AlarmLimits;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.IllegalTransitionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Endpoints: variants, shadow, backends, placement and weights.
 */
class EndpointAdminTest extends AdminUseCaseFixture {
    @Test
    void putEndpoint_should_store_variants_shadow_and_backend_with_one_audit_event() {
        // GIVEN three validated versions
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.STAGING);
        seed(IRIS_110, "iris", "1.2.0", LifecycleState.VALIDATED);

        // WHEN an endpoint is created with a 90/10 split and a shadow
        EndpointConfig stored = endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                variant("canary", "iris", "1.1.0", 1_000)), variant("shadow", "iris", "1.2.0", 2_500), "salt-1",
                "sagemaker:iris-endpoint", 0, ALICE);

        // THEN it is stored as asked at revision 1, with one audit event
        assertThat(stored.revision()).isEqualTo(1);
        assertThat(stored.variants()).extracting(Variant::name, v -> v.model().toString(), Variant::weight)
                .containsExactly(tuple("stable", "iris/1.0.0", 9_000),
                        tuple("canary", "iris/1.1.0", 1_000));
        assertThat(stored.shadow().model()).isEqualTo(ModelKey.parse("iris/1.2.0"));
        assertThat(stored.shadow().sampleRate()).isEqualTo(2_500);
        assertThat(stored.stickySalt()).isEqualTo("salt-1");
        assertThat(stored.backend()).isEqualTo("sagemaker:iris-endpoint");
        assertThat(fake.endpoint("iris-ab")).contains(stored);
        assertThat(endpointAudit("iris-ab")).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditEvent.PUT_ENDPOINT);
            assertThat(e.from()).isNull();
            assertThat(e.actor()).isEqualTo("alice");
        });
    }

    @Test
    void putEndpoint_should_refuse_a_version_too_large_for_the_function_and_accept_it_on_a_remote_backend() {
        // GIVEN a function whose model disk is smaller than the iris artifact
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        long size = fake.version(ModelKey.parse("iris/1.1.0")).orElseThrow().version().sizeBytes();
        EndpointAdmin tight = new EndpointAdmin(registry, clock, new PlacementPolicy(size - 1, 0));

        // WHEN it is put on an endpoint served in the function / THEN refused, with the way out, and nothing written
        assertThatThrownBy(() -> tight.putEndpoint("iris-big", List.of(variant("stable", "iris", "1.1.0", 10_000)),
                null, null, "lambda", 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class)
                .hasMessageContaining("iris/1.1.0").hasMessageContaining("sagemaker:<endpoint name>");
        assertThat(fake.endpoint("iris-big")).isEmpty();

        // and on a GPU backend it is accepted without advice
        EndpointConfig remote = tight.putEndpoint("iris-big", List.of(variant("stable", "iris", "1.1.0", 10_000)),
                null, null, "http:http://gpu.internal:8080", 0, ALICE);
        assertThat(remote.backend()).isEqualTo("http:http://gpu.internal:8080");
        assertThat(tight.placementAdvice(remote)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sagemaker:bad_name", "http:http://user:pw@host/", "http:http://host/?a=b", "ecs:cluster"})
    void putEndpoint_should_refuse_a_backend_it_could_not_call(String backend) {
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);

        assertThatThrownBy(() -> endpoints.putEndpoint("iris-x", List.of(variant("stable", "iris", "1.1.0", 10_000)),
                null, null, backend, 0, ALICE)).isInstanceOf(InvalidAdminRequestException.class);
        assertThat(fake.endpoint("iris-x")).isEmpty();
    }

    @Test
    void putEndpoint_should_refuse_weights_that_do_not_sum_to_10000() {
        // GIVEN two validated versions
        seedTwo();

        // WHEN the weights sum to 99.99 % or 100.01 % / THEN each is refused and nothing stored
        for (int canary : List.of(999, 1_001)) {
            assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                    variant("canary", "iris", "1.1.0", canary)), null, null, null, 0, ALICE))
                    .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("10000");
        }
        assertNoEndpoint("iris-ab");
    }

    @Test
    void putEndpoint_should_refuse_negative_and_oversized_weights() {
        // GIVEN two validated versions
        seedTwo();

        // WHEN a weight is negative (the sum still 10000) or above 10000 / THEN each is refused
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_500),
                variant("canary", "iris", "1.1.0", -500)), null, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("weight");
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_001)),
                null, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("weight");
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                variant("shadow", "iris", "1.1.0", -1), null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("sample rate");
        assertNoEndpoint("iris-ab");
    }

    @Test
    void putEndpoint_should_refuse_duplicate_variant_names_and_no_variants() {
        // GIVEN two validated versions
        seedTwo();

        // WHEN two variants share a name, or none is given / THEN each is refused
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 5_000),
                variant("stable", "iris", "1.1.0", 5_000)), null, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("unique");
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(), null, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("at least one variant");
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", null, null, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class);
        assertNoEndpoint("iris-ab");
    }

    @Test
    void putEndpoint_should_answer_not_found_when_a_version_is_unknown() {
        // GIVEN iris 1.0.0 only
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);

        // WHEN a variant or the shadow names a version that does not exist / THEN it is not found
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                variant("canary", "iris", "9.9.9", 1_000)), null, null, null, 0, ALICE))
                .isInstanceOf(VersionNotFoundException.class).hasMessageContaining("iris/9.9.9");
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                variant("shadow", "nosuch", "1.0.0", 100), null, null, 0, ALICE))
                .isInstanceOf(VersionNotFoundException.class);
        assertNoEndpoint("iris-ab");
    }

    @ParameterizedTest
    @EnumSource(value = LifecycleState.class, names = {"REGISTERED", "FAILED", "ARCHIVED"})
    void putEndpoint_should_refuse_versions_that_may_not_take_traffic(LifecycleState state) {
        // GIVEN a validated 1.0.0 and a 1.5.0 that may not take traffic
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.5.0", state);

        // WHEN it is given weight, even 0, or shadow traffic / THEN each is refused
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                variant("canary", "iris", "1.5.0", 1_000)), null, null, null, 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining(state.name());
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000),
                variant("canary", "iris", "1.5.0", 0)), null, null, null, 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                variant("shadow", "iris", "1.5.0", 100), null, null, 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class);
        assertNoEndpoint("iris-ab");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp:host", "lambda2", "sagemaker:", "sagemaker:-bad", "sagemaker:a_b", "http:ftp://x",
        "http:", "LAMBDA", "http:https://x y"})
    void putEndpoint_should_refuse_a_backend_that_is_not_lambda_sagemaker_or_http(String backend) {
        // GIVEN a validated version
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);

        // WHEN an endpoint names the backend / THEN it is refused
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                null, null, backend, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("backend");
        assertNoEndpoint("iris-ab");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lambda", "sagemaker:iris-prod", "http:https://models.example.com/v2", " lambda "})
    void putEndpoint_should_accept_the_documented_backends(String backend) {
        // GIVEN a validated version
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);

        // WHEN an endpoint names the backend
        EndpointConfig stored = endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                null, null, backend, 0, ALICE);

        // THEN it is stored as given (trimmed)
        assertThat(stored.backend()).isEqualTo(backend.trim());
    }

    @Test
    void putEndpoint_should_refuse_bad_endpoint_variant_model_and_version_names() {
        // GIVEN a validated version
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);

        // WHEN any name is not a safe name / THEN each is refused
        for (String endpoint : List.of("Iris", "-iris", "iris_ab", "../iris", "", "a".repeat(65))) {
            assertThatThrownBy(() -> endpoints.putEndpoint(endpoint, List.of(variant("stable", "iris", "1.0.0", 10_000)),
                    null, null, null, 0, ALICE)).as(endpoint).isInstanceOf(InvalidAdminRequestException.class);
        }
        for (String name : List.of("Stable", "", "-x", "a b", "a".repeat(33))) {
            assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant(name, "iris", "1.0.0", 10_000)),
                    null, null, null, 0, ALICE)).as(name).isInstanceOf(InvalidAdminRequestException.class);
        }
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant(null, "iris", "1.0.0", 10_000)),
                null, null, null, 0, ALICE)).isInstanceOf(InvalidAdminRequestException.class);
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "IRIS", "1.0.0", 10_000)),
                null, null, null, 0, ALICE)).isInstanceOf(InvalidAdminRequestException.class);
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0", 10_000)),
                null, null, null, 0, ALICE)).isInstanceOf(InvalidAdminRequestException.class);
        assertThat(fake.endpoints()).isEmpty();
    }

    @Test
    void putEndpoint_should_conflict_when_the_revision_is_stale_or_the_endpoint_exists() {
        // GIVEN an endpoint updated once (revision 2)
        seedTwo();
        endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)), null, null, null, 0, SEEDER);
        EndpointConfig current = endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.1.0", 10_000)),
                null, null, null, 1, SEEDER);

        // WHEN it is written at revision 1, or created again / THEN each conflicts and it is unchanged
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                null, null, null, 1, ALICE)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                null, null, null, 0, ALICE)).isInstanceOf(ConflictException.class);
        assertThat(fake.endpoint("iris-ab")).contains(current);
        assertThat(endpointAudit("iris-ab")).hasSize(2);
    }

    @Test
    void setWeights_should_change_only_the_weights_when_every_variant_is_named() {
        // GIVEN a 90/10 endpoint with a shadow, a salt and a backend
        seedTwo();
        seed(IRIS_110, "iris", "1.2.0", LifecycleState.VALIDATED);
        EndpointConfig before = endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                variant("canary", "iris", "1.1.0", 1_000)), variant("shadow", "iris", "1.2.0", 300), "s1",
                "lambda", 0, SEEDER);

        // WHEN the weights are set to 50/50 at the revision read
        EndpointConfig after = endpoints.setWeights("iris-ab", Map.of("stable", 5_000, "canary", 5_000),
                before.revision(), ALICE);

        // THEN only the weights changed, one revision later
        assertThat(after.variants()).extracting(Variant::name, Variant::weight)
                .containsExactly(tuple("stable", 5_000),
                        tuple("canary", 5_000));
        assertThat(after.variants()).extracting(v -> v.model().version()).containsExactly("1.0.0", "1.1.0");
        assertThat(after.shadow()).isEqualTo(before.shadow());
        assertThat(after.stickySalt()).isEqualTo("s1");
        assertThat(after.backend()).isEqualTo("lambda");
        assertThat(after.revision()).isEqualTo(before.revision() + 1);
        assertThat(endpointAudit("iris-ab").get(0).to()).contains("\"weight\":5000");
    }

    @Test
    void setWeights_should_refuse_weights_that_leave_out_or_invent_a_variant() {
        // GIVEN a 90/10 endpoint
        seedTwo();
        EndpointConfig before = endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                variant("canary", "iris", "1.1.0", 1_000)), null, null, null, 0, SEEDER);

        // WHEN a variant is left out, an unknown one named, none given, or the sum is wrong / THEN each is refused
        assertThatThrownBy(() -> endpoints.setWeights("iris-ab", Map.of("stable", 10_000), before.revision(), ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("canary");
        assertThatThrownBy(() -> endpoints.setWeights("iris-ab", Map.of("stable", 5_000, "canary", 4_000, "blue", 1_000),
                before.revision(), ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("blue");
        assertThatThrownBy(() -> endpoints.setWeights("iris-ab", Map.of(), before.revision(), ALICE))
                .isInstanceOf(InvalidAdminRequestException.class);
        assertThatThrownBy(() -> endpoints.setWeights("iris-ab", Map.of("stable", 5_000, "canary", 4_000),
                before.revision(), ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("10000");
        assertThatThrownBy(() -> endpoints.setWeights("iris-ab", Map.of("stable", 11_000, "canary", -1_000),
                before.revision(), ALICE))
                .isInstanceOf(InvalidAdminRequestException.class);
        assertThat(fake.endpoint("iris-ab")).contains(before);
        assertThat(endpointAudit("iris-ab")).hasSize(1);
    }

    @Test
    void setWeights_should_conflict_on_a_stale_revision_and_answer_not_found_for_an_unknown_endpoint() {
        // GIVEN an endpoint changed since revision 1
        seedTwo();
        endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                variant("canary", "iris", "1.1.0", 1_000)), null, null, null, 0, SEEDER);
        EndpointConfig current = endpoints.setWeights("iris-ab", Map.of("stable", 8_000, "canary", 2_000), 1, SEEDER);

        // WHEN weights are set at revision 1, or on an endpoint that does not exist / THEN conflict, not found
        assertThatThrownBy(() -> endpoints.setWeights("iris-ab", Map.of("stable", 0, "canary", 10_000), 1, ALICE))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> endpoints.setWeights("nosuch", Map.of("stable", 10_000), 1, ALICE))
                .isInstanceOf(EndpointNotFoundException.class);
        assertThat(fake.endpoint("iris-ab")).contains(current);
    }

    @Test
    void setAlarmLimits_should_store_the_endpoints_own_limits_and_an_update_should_keep_them() {
        // GIVEN an endpoint
        seedTwo();
        endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                variant("canary", "iris", "1.1.0", 1_000)), null, null, null, 0, SEEDER);

        // WHEN an operator sets two limits, then the endpoint's weights change
        EndpointConfig limited = endpoints.setAlarmLimits("iris-ab", 0.02, 400, null, null, null, 0, ALICE);
        EndpointConfig reweighted = endpoints.setWeights("iris-ab", Map.of("stable", 8_000, "canary", 2_000), 0, SEEDER);

        // THEN the limits are stored (the rest left to the stage), audited, and kept by the later update
        assertThat(limited.alarmLimits()).isEqualTo(new AlarmLimits(0.02, 400, null, null, null));
        assertThat(reweighted.alarmLimits()).isEqualTo(limited.alarmLimits());
        assertThat(endpointAudit("iris-ab").get(1).to()).contains("\"alarmLimits\":{\"maxServerErrorRate\":0.02,"
                + "\"maxP99LatencyMs\":400}");

        // AND with no limit the stage's defaults apply again
        assertThat(endpoints.setAlarmLimits("iris-ab", null, null, null, null, null, 0, ALICE).alarmLimits().isEmpty())
                .isTrue();
    }

    @Test
    void setAlarmLimits_should_refuse_out_of_range_limits_and_change_nothing() {
        // GIVEN an endpoint with limits of its own
        seedTwo();
        endpoints.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)), null, null, null, 0, SEEDER);
        EndpointConfig before = endpoints.setAlarmLimits("iris-ab", 0.02, null, null, null, null, 0, ALICE);

        // WHEN limits out of range are set / THEN each is refused as the caller's mistake, naming the limit
        assertThatThrownBy(() -> endpoints.setAlarmLimits("iris-ab", 1.0, null, null, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("maxServerErrorRate");
        assertThatThrownBy(() -> endpoints.setAlarmLimits("iris-ab", null, 0, null, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("maxP99LatencyMs");
        assertThatThrownBy(() -> endpoints.setAlarmLimits("iris-ab", null, null, 1.5, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("minAccuracy");
        assertThatThrownBy(() -> endpoints.setAlarmLimits("iris-ab", null, null, null, 0, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("minFeedbackSamples");
        assertThatThrownBy(() -> endpoints.setAlarmLimits("iris-ab", null, null, null, null, 1441, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("evaluationPeriods");
        assertThatThrownBy(() -> endpoints.setAlarmLimits("iris-ab", Double.NaN, null, null, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("maxServerErrorRate");
        assertThatThrownBy(() -> endpoints.setAlarmLimits("nosuch", 0.02, null, null, null, null, 0, ALICE))
                .isInstanceOf(EndpointNotFoundException.class);

        // THEN nothing changed
        assertThat(fake.endpoint("iris-ab")).contains(before);
    }
}
