package io.modelfn.infra.rollout;

import io.modelfn.core.alarms.AlarmAction;
import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.rollout.EndpointAlarms;
import io.modelfn.infra.config.ModelfnSettings;
import io.modelfn.infra.monitoring.DefinedAlarms;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.IAlarmAction;
import software.constructs.Construct;

/**
 * The alarms of one endpoint named in the stage settings, rendered from their one definition in
 * serving-core ({@link EndpointAlarms}): on the {@code canary}, server-error rate, p99 latency and
 * feedback accuracy, whose action is the rollout function (it sets the canary's weight to zero and
 * moves the alias back); on the {@code stable} variant, server-error rate and p99 latency, which only
 * notify. Every alarm also notifies people through the stage's topic.
 *
 * <p>Endpoints not in the settings get the same canary alarms from the rollout function, for as long
 * as a release runs on them. Names are {@code <prefix><endpoint>-<variant>-...}: the rollout function
 * reads an endpoint's alarms by that prefix before it advances a step.
 */
public final class RolloutAlarms extends Construct {

    /** What may vary. */
    public record Props(ModelfnSettings.Endpoint endpoint, String alarmPrefix, IAlarmAction action,
            Optional<IAlarmAction> notifyAction) {
    }

    private final List<Alarm> canary = new ArrayList<>();
    private final List<Alarm> stable = new ArrayList<>();

    public RolloutAlarms(Construct scope, String id, Props props) {
        super(scope, id);
        String name = props.endpoint().name();
        var limits = props.endpoint().alarmThresholds();
        // Alarm ids are unique in the stack: a LambdaAction names its permission on the target after them.
        List<String> checks = List.of("ErrorRate", "P99Latency", "Accuracy");
        List<AlarmDefinition> canaryAlarms = EndpointAlarms.canary(props.alarmPrefix(), name, limits);
        for (int i = 0; i < canaryAlarms.size(); i++) {
            canary.add(render("Canary-" + name + "-" + checks.get(i), canaryAlarms.get(i), props));
        }
        List<AlarmDefinition> stableAlarms = EndpointAlarms.stable(props.alarmPrefix(), name, limits);
        for (int i = 0; i < stableAlarms.size(); i++) {
            stable.add(render("Stable-" + name + "-" + checks.get(i), stableAlarms.get(i), props));
        }
    }

    private Alarm render(String id, AlarmDefinition definition, Props props) {
        Alarm alarm = DefinedAlarms.render(this, id, definition);
        if (definition.action() == AlarmAction.ROLL_BACK) {
            alarm.addAlarmAction(props.action());
        }
        props.notifyAction().ifPresent(alarm::addAlarmAction);
        return alarm;
    }

    public Alarm errorRateAlarm() {
        return canary.get(0);
    }

    public Alarm latencyAlarm() {
        return canary.get(1);
    }

    public Alarm accuracyAlarm() {
        return canary.get(2);
    }

    /** The canary's alarms, which roll back. */
    public List<Alarm> alarms() {
        return List.copyOf(canary);
    }

    /** The stable variant's alarms, which only notify. */
    public List<Alarm> stableAlarms() {
        return List.copyOf(stable);
    }
}
