package io.modelfn.rollout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.rollout.CanaryGuard;
import io.modelfn.core.rollout.RolloutCommands;
import io.modelfn.core.rollout.RolloutStepper;
import io.modelfn.core.testkit.Registries;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rollout function, driven through Quarkus's mock Lambda event server with the real alarm and
 * schedule events of samples/events/, on a registry in DynamoDB Local.
 */
@QuarkusTest
@QuarkusTestResource(RolloutRegistryResource.class)
class RolloutHandlerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Change OPERATOR = Change.by("alice", "release");

    @Inject
    ModelRegistry registry;

    @Inject
    Clock clock;

    @Inject
    TestSignals signals;

    @Inject
    RolloutStepper stepper;

    /**
     * Registers iris 1.0.0 (stable) and 1.1.0, and an endpoint named {@code name} on 1.0.0 whose
     * rollout is armed (its alarms made) with the canary at {@code canaryWeight}.
     */
    private void endpointWithCanary(String name, int canaryWeight) {
        for (String key : List.of("iris/1.0.0", "iris/1.1.0")) {
            ModelKey k = ModelKey.parse(key);
            if (registry.version(k).isEmpty()) {
                ModelVersion v = Registries.sample(key).withState(LifecycleState.REGISTERED);
                var record = registry.createVersion(v, "{}", OPERATOR);
                registry.transition(k, LifecycleState.VALIDATED, "ok", record.revision(), OPERATOR);
            }
        }
        registry.putEndpoint(Registries.endpoint(name, Registries.variant("stable", "iris/1.0.0", 10000)), 0, OPERATOR);
        new RolloutCommands(registry, clock).start(name, "1.1.0", List.of(canaryWeight, 5000, 10000), Duration.ofMinutes(5), 10, null, OPERATOR);
        assertThat(endpoint(name).variant(Variant.CANARY).orElseThrow().weight()).as("no traffic before its alarms").isZero();
        stepper.advanceAll();
    }

    private static JsonNode invoke(String eventFile, String endpoint) throws IOException {
        Path dir = Path.of(System.getProperty("sample.events.dir", "../../samples/events"));
        String event = Files.readString(dir.resolve(eventFile)).replace("\"Endpoint\": \"iris\"", "\"Endpoint\": \"" + endpoint + "\"");
        return JSON.readTree(given().contentType("application/json").body(event).when().post()
                .then().statusCode(200).extract().asString());
    }

    private EndpointConfig endpoint(String name) {
        return registry.endpoint(name).orElseThrow();
    }

    @Test
    void alarm_action_event_should_roll_the_canary_back_with_an_audit_event_naming_the_alarm() throws IOException {
        // GIVEN a rollout with the canary at 10 %
        endpointWithCanary("rb-action", 1000);
        int events = registry.audit(AuditEvent.endpointSubject("rb-action"), 100).size();

        // WHEN the canary's error-rate alarm fires (alarm action)
        JsonNode answer = invoke("cloudwatch-alarm-action-canary-errors.json", "rb-action");

        // THEN one call rolled it back: canary at 0, rollout ROLLED_BACK, one audit event naming the alarm
        assertThat(answer.path("outcomes").get(0).path("action").asText()).isEqualTo("ROLLED_BACK");
        EndpointConfig after = endpoint("rb-action");
        assertThat(after.variant(Variant.CANARY).orElseThrow().weight()).isZero();
        assertThat(after.variant(Variant.STABLE).orElseThrow().weight()).isEqualTo(10000);
        assertThat(after.rollout().state()).isEqualTo(RolloutPlan.State.ROLLED_BACK);
        List<AuditEvent> trail = registry.audit(AuditEvent.endpointSubject("rb-action"), 100);
        assertThat(trail).hasSize(events + 1);
        assertThat(trail.get(0).actor()).isEqualTo(CanaryGuard.ACTOR);
        assertThat(trail.get(0).reason()).contains("modelfn-dev-iris-canary-error-rate").contains("Threshold Crossed");
        // AND the rollback was announced once, after it was committed (no topic here: to the log)
        assertThat(answer.path("notices")).hasSize(1);
        assertThat(answer.path("notices").get(0).path("subject").asText())
                .startsWith("modelfn rollback: endpoint rb-action, ");
        assertThat(answer.path("notices").get(0).path("published").asBoolean()).isTrue();
    }

    @Test
    void eventbridge_alarm_event_should_roll_back_and_repeats_should_change_nothing() throws IOException {
        endpointWithCanary("rb-bridge", 2500);

        invoke("eventbridge-alarm-state-change-canary-latency.json", "rb-bridge");
        long revision = endpoint("rb-bridge").revision();
        JsonNode again = invoke("eventbridge-alarm-state-change-canary-latency.json", "rb-bridge");

        assertThat(endpoint("rb-bridge").variant(Variant.CANARY).orElseThrow().weight()).isZero();
        assertThat(again.path("outcomes").get(0).path("action").asText()).isEqualTo("IGNORED");
        assertThat(endpoint("rb-bridge").revision()).isEqualTo(revision);
    }

    @Test
    void ok_insufficient_data_and_stable_alarms_should_change_nothing() throws IOException {
        endpointWithCanary("rb-quiet", 1000);
        long revision = endpoint("rb-quiet").revision();

        invoke("cloudwatch-alarm-action-canary-ok.json", "rb-quiet");
        invoke("cloudwatch-alarm-action-canary-insufficient-data.json", "rb-quiet");
        invoke("eventbridge-alarm-state-change-stable-latency.json", "rb-quiet");

        assertThat(endpoint("rb-quiet").revision()).isEqualTo(revision);
        assertThat(endpoint("rb-quiet").variant(Variant.CANARY).orElseThrow().weight()).isEqualTo(1000);
    }

    @Test
    void function_alias_alarm_should_reset_the_alias_weights() throws IOException {
        JsonNode answer = invoke("cloudwatch-alarm-action-function-alias-errors.json", "unused");

        assertThat(answer.path("outcomes").get(0).path("action").asText()).isEqualTo("ALIAS_RESET");
        assertThat(signals.resets).contains("modelfn-dev-predict:live");
    }

    @Test
    void scheduled_event_should_make_the_alarms_of_a_release_before_its_canary_takes_traffic() throws IOException {
        // GIVEN an endpoint made at runtime, with a rollout just started (canary at 0)
        endpointWithCanary("armed", 1000);

        // THEN its three canary alarms exist, named by the stage prefix, and the canary has its first step
        assertThat(signals.names("modelfn-armed-canary-")).hasSize(3);
        assertThat(endpoint("armed").variant(Variant.CANARY).orElseThrow().weight()).isEqualTo(1000);

        // WHEN the rollout is aborted and the schedule runs
        new RolloutCommands(registry, clock).abort("armed", OPERATOR);
        invoke("eventbridge-scheduled-rollout-step.json", "unused");

        // THEN the alarms are gone
        assertThat(signals.names("modelfn-armed-")).isEmpty();
    }

    @Test
    void scheduled_event_should_hold_a_step_that_has_not_baked() throws IOException {
        endpointWithCanary("step-hold", 500);

        JsonNode answer = invoke("eventbridge-scheduled-rollout-step.json", "unused");

        assertThat(answer.path("outcomes").toString()).contains("step-hold").contains("HELD");
        assertThat(endpoint("step-hold").variant(Variant.CANARY).orElseThrow().weight()).isEqualTo(500);
    }
}
