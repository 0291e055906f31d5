package io.modelfn.infra.data;

import static io.modelfn.core.registry.RegistryTableKeys.PK;
import static io.modelfn.core.registry.RegistryTableKeys.SK;
import static io.modelfn.core.registry.RegistryTableKeys.TTL;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * The feedback table of {@code DynamoDbFeedbackStore} (registry-dynamodb): ground-truth counters
 * per model version and the once-only marker per prediction, which expires through {@code ttl}.
 * Kept apart from the registry so the prediction function, which records feedback, never gets a
 * write on the registry. Same keys as the registry ({@code PK}/{@code SK}), no index; on demand,
 * point-in-time recovery, encrypted, protected outside dev stages.
 */
public final class FeedbackTable extends Construct {

    /** What recording feedback needs: the marker's conditional put and the counters' atomic update, in one transaction. */
    public static final List<String> RECORD_ACTIONS = List.of("dynamodb:PutItem", "dynamodb:UpdateItem");
    /** What a report needs: the counters of a version. */
    public static final List<String> READ_ACTIONS = List.of("dynamodb:GetItem");

    /** What may vary. */
    public record Props(String tableName, boolean protect) {
    }

    private final Table table;

    public FeedbackTable(Construct scope, String id, Props props) {
        super(scope, id);
        this.table = Table.Builder.create(this, "Table")
                .tableName(props.tableName())
                .partitionKey(Attribute.builder().name(PK).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(SK).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(props.protect())
                .timeToLiveAttribute(TTL)
                .removalPolicy(props.protect() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
    }

    public ITable table() {
        return table;
    }

    /** Record feedback: the marker put and the counter update; no reads. */
    public void grantRecord(IGrantable grantee) {
        grant(grantee, RECORD_ACTIONS);
    }

    /** Read the counters (A/B comparisons on the admin API). */
    public void grantRead(IGrantable grantee) {
        grant(grantee, READ_ACTIONS);
    }

    private void grant(IGrantable grantee, List<String> actions) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(actions)
                .resourceArns(List.of(table.getTableArn()))
                .build());
    }
}
