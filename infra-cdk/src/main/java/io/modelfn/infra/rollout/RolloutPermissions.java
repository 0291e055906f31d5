package io.modelfn.infra.rollout;

import io.modelfn.infra.nag.NagReasons;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * What the rollout function may do besides the registry: read, create and delete the alarms of this
 * stage's endpoints (by name prefix: it makes the alarms of every release), read metric data (to
 * count a canary's requests), reset the {@code live} alias of the functions named here, and no
 * others, and publish a notice of every rollback to the stage's topic (that topic only, with the data
 * keys of its KMS key that an encrypted topic needs from a publisher). The alarms it makes may call it back: CloudWatch may invoke the rollout alias from any alarm
 * of this account whose name has the prefix.
 *
 * <p>{@code cloudwatch:GetMetricData} has no resource-level permission in IAM, so it is the one
 * statement with Resource {@code *} (suppressed for cdk-nag with that reason).
 */
public final class RolloutPermissions extends Construct {

    /** What may vary. */
    public record Props(IFunction rolloutFunction, IFunction rolloutAlias, String alarmPrefix, List<IFunction> aliasTargets,
            String aliasName, ITopic notifyTopic, IKey notifyTopicKey) {
    }

    /** The service principal of CloudWatch alarms that invoke a Lambda function. */
    static final String ALARMS_PRINCIPAL = "lambda.alarms.cloudwatch.amazonaws.com";

    private final Policy policy;

    public RolloutPermissions(Construct scope, String id, Props props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String alarms = stack.formatArn(ArnComponents.builder()
                .service("cloudwatch")
                .resource("alarm")
                .resourceName(props.alarmPrefix() + "*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        List<String> functions = new ArrayList<>();
        for (IFunction target : props.aliasTargets()) {
            functions.add(target.getFunctionArn());
            functions.add(target.getFunctionArn() + ":" + props.aliasName());
        }
        this.policy = Policy.Builder.create(this, "Policy")
                .statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("ManageEndpointAlarms")
                                .actions(List.of("cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm",
                                        "cloudwatch:DeleteAlarms"))
                                .resources(List.of(alarms))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("CountCanaryRequests")
                                .actions(List.of("cloudwatch:GetMetricData"))
                                .resources(List.of("*"))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("ResetFunctionAliases")
                                .actions(List.of("lambda:GetAlias", "lambda:UpdateAlias"))
                                .resources(functions)
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("PublishRollbackNotices")
                                .actions(List.of("sns:Publish"))
                                .resources(List.of(props.notifyTopic().getTopicArn()))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("EncryptRollbackNotices")
                                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                                .resources(List.of(props.notifyTopicKey().getKeyArn()))
                                .build()))
                .build();
        props.rolloutFunction().getRole().attachInlinePolicy(policy);
        props.rolloutAlias().addPermission("InvokedByEndpointAlarms", Permission.builder()
                .principal(new ServicePrincipal(ALARMS_PRINCIPAL))
                .action("lambda:InvokeFunction")
                .sourceAccount(stack.getAccount())
                .sourceArn(alarms)
                .build());
        NagReasons.suppress(policy, "AwsSolutions-IAM5",
                "cloudwatch:GetMetricData offers no resource-level permission (IAM requires Resource '*'); "
                        + "DescribeAlarms, PutMetricAlarm and DeleteAlarms are limited to this stage's endpoint alarms by "
                        + "their name prefix.",
                List.of("Resource::*", NagReasons.accountArnFinding("cloudwatch", "alarm:" + props.alarmPrefix() + "*")));
    }

    public Policy policy() {
        return policy;
    }
}
