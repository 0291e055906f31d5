package io.modelfn.infra.nag;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * The one way this app silences a cdk-nag finding: always with a reason, and, where the finding
 * is about specific resources or actions, only for those ({@code appliesTo}). A test proves every
 * suppression in every template carries a reason.
 */
public final class NagReasons {

    private NagReasons() {
    }

    /** Suppresses {@code ruleId} (e.g. {@code AwsSolutions-IAM5}) on {@code construct} and its children. */
    public static void suppress(IConstruct construct, String ruleId, String reason) {
        requireReason(reason);
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(ruleId).reason(reason).build()), true);
    }

    /** Suppresses {@code ruleId} only for the named findings, e.g. {@code Resource::*} or {@code Action::s3:*}. */
    public static void suppress(IConstruct construct, String ruleId, String reason, List<?> appliesTo) {
        requireReason(reason);
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(ruleId).reason(reason).appliesTo(List.copyOf(appliesTo)).build()),
                true);
    }

    /**
     * The IAM5 finding text for a resource given as {@code Fn::GetAtt} of {@code construct}'s
     * CloudFormation resource, e.g. {@code Resource::<PredictionLogsA1B2C3D4.Arn>}.
     */
    public static String attributeFinding(IConstruct construct, String attribute) {
        CfnElement element = (CfnElement) construct.getNode().getDefaultChild();
        String logicalId = Stack.of(construct).resolve(element.getLogicalId()).toString();
        return "Resource::<" + logicalId + "." + attribute + ">";
    }

    /**
     * The IAM5 finding of an S3 grant on {@code <any bucket>/<prefix>*} (the bucket is a reference,
     * possibly from another stack, so it is matched loosely; the prefix exactly).
     */
    public static RegexAppliesTo objectPrefixFinding(String prefix) {
        return RegexAppliesTo.builder().regex("/^Resource::.*\\/" + escape(prefix + "*") + "$/").build();
    }

    /**
     * The IAM5 finding of a resource {@code arn:<partition>:<service>:<region>:<account>:<resource>}
     * in this account, whether the region is pinned or a reference; {@code resource} is literal
     * (its {@code *} is the wildcard being explained).
     */
    public static RegexAppliesTo accountArnFinding(String service, String resource) {
        return RegexAppliesTo.builder()
                .regex("/^Resource::arn:<AWS::Partition>:" + escape(service) + ":(<AWS::Region>|[a-z0-9-]+):<AWS::AccountId>:" + escape(resource) + "$/")
                .build();
    }

    private static String escape(String literal) {
        StringBuilder escaped = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("\\^$.|?*+()[]{}/".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static void requireReason(String reason) {
        // cdk-nag itself wants at least 10 characters; we want a sentence that says why.
        if (reason == null || reason.strip().length() < 20) {
            throw new IllegalArgumentException("a cdk-nag suppression needs a reason of at least 20 characters");
        }
    }
}
