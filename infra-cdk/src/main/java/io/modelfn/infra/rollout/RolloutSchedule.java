package io.modelfn.infra.rollout;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * The tick that advances rollouts: an EventBridge rule that invokes the rollout function every
 * minute. A missed tick is not retried (the next one comes within a minute and does the same).
 */
public final class RolloutSchedule extends Construct {

    /** What may vary. */
    public record Props(String ruleName, IFunction target, Duration every) {
    }

    private final Rule rule;

    public RolloutSchedule(Construct scope, String id, Props props) {
        super(scope, id);
        this.rule = Rule.Builder.create(this, "Rule")
                .ruleName(props.ruleName())
                .description("Advances modelfn rollouts one step when their bake time passed and alarms are OK")
                .schedule(Schedule.rate(props.every()))
                .targets(List.of(LambdaFunction.Builder.create(props.target())
                        .retryAttempts(0)
                        .maxEventAge(Duration.minutes(1))
                        .build()))
                .build();
    }

    public Rule rule() {
        return rule;
    }
}
