package io.modelfn.infra.data;

import static io.modelfn.core.registry.RegistryTableKeys.KIND;
import static io.modelfn.core.registry.RegistryTableKeys.KIND_INDEX;
import static io.modelfn.core.registry.RegistryTableKeys.PK;
import static io.modelfn.core.registry.RegistryTableKeys.SK;
import static io.modelfn.core.registry.RegistryTableKeys.TTL;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * The registry table, with the key names of core's {@code RegistryTableKeys} (which the DynamoDB adapter uses too): string
 * keys {@code PK}/{@code SK}, the {@code kind-index} GSI ({@code kind}, {@code PK}, all attributes),
 * time-to-live on {@code ttl}. On demand, point-in-time recovery, encrypted with the AWS-managed
 * key, and protected from deletion outside dev stages.
 *
 * <p>Grants name the table and its one index (no {@code index/*}): readers get
 * GetItem/Query/BatchGetItem; writers also the item writes a registry transaction is made of
 * (IAM authorises {@code TransactWriteItems} per item: Put, Update, Delete, ConditionCheck).
 */
public final class RegistryTable extends Construct {

    /** Read actions: the serving path's snapshot queries and the admin's reads. */
    public static final List<String> READ_ACTIONS = List.of(
            "dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem");
    /** Write actions on top of {@link #READ_ACTIONS}. */
    public static final List<String> WRITE_ACTIONS = List.of(
            "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem");

    /** What may vary. */
    public record Props(String tableName, boolean protect) {
    }

    private final Table table;

    public RegistryTable(Construct scope, String id, Props props) {
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
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(KIND_INDEX)
                .partitionKey(Attribute.builder().name(KIND).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(PK).type(AttributeType.STRING).build())
                .projectionType(ProjectionType.ALL)
                .build());
    }

    public ITable table() {
        return table;
    }

    /** The ARN of {@code kind-index}, named, not {@code index/*}. */
    public String kindIndexArn() {
        return table.getTableArn() + "/index/" + KIND_INDEX;
    }

    /** Read-only: GetItem, Query, BatchGetItem on the table and its index. */
    public void grantRegistryRead(IGrantable grantee) {
        grant(grantee, READ_ACTIONS, List.of(table.getTableArn(), kindIndexArn()));
    }

    /** Read and write: the reads, and (on the table; indexes take no writes) the item writes of a transaction. */
    public void grantRegistryReadWrite(IGrantable grantee) {
        grantRegistryRead(grantee);
        grant(grantee, WRITE_ACTIONS, List.of(table.getTableArn()));
    }

    private static void grant(IGrantable grantee, List<String> actions, List<String> resources) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(actions)
                .resourceArns(resources)
                .build());
    }
}
