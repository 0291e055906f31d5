package io.modelfn.infra.monitoring;

import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.services.cloudwatch.IAlarmAction;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Where people are told: one topic per stage, encrypted with its own rotating KMS key, HTTPS only.
 * Every alarm's actions include it, and the rollout function publishes a notice for every rollback.
 * CloudWatch may use the key to publish (an encrypted topic refuses alarms otherwise). An e-mail
 * address from the stage settings, if any, is subscribed.
 */
public final class AlarmTopic extends Construct {

    /** What may vary. */
    public record Props(String topicName, Optional<String> email) {
    }

    private final Topic topic;
    private final Key key;

    public AlarmTopic(Construct scope, String id, Props props) {
        super(scope, id);
        this.key = Key.Builder.create(this, "Key")
                .description("Encrypts the " + props.topicName() + " topic")
                .enableKeyRotation(true)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
        this.topic = Topic.Builder.create(this, "Topic")
                .topicName(props.topicName())
                .displayName("modelfn alarms and rollbacks")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        props.email().ifPresent(address -> topic.addSubscription(new EmailSubscription(address)));
    }

    public Topic topic() {
        return topic;
    }

    public Key key() {
        return key;
    }

    /** The alarm action that publishes to this topic. */
    public IAlarmAction action() {
        return new SnsAction(topic);
    }
}
