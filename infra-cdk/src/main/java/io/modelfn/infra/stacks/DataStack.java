package io.modelfn.infra.stacks;

import io.modelfn.infra.config.ModelfnSettings;
import io.modelfn.infra.data.FeedbackTable;
import io.modelfn.infra.data.ModelBucket;
import io.modelfn.infra.data.PredictionTokenSecret;
import io.modelfn.infra.data.RegistryTable;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The stateful part of a stage: the model bucket, the registry table, the feedback table and the prediction
 * token keys. Kept apart from serving
 * so functions, APIs and alarms can be replaced freely without touching data; retained on
 * teardown outside dev stages.
 */
public final class DataStack extends Stack {

    private final ModelBucket models;
    private final RegistryTable registry;
    private final FeedbackTable feedback;
    private final PredictionTokenSecret tokenKeys;

    public DataStack(Construct scope, String id, StackProps props, ModelfnSettings settings) {
        super(scope, id, props);
        boolean protect = !settings.isDevStage();
        this.models = new ModelBucket(this, "Models", new ModelBucket.Props(settings.modelStore().prefix(),
                settings.modelStore().encryption() == ModelfnSettings.ModelStore.Encryption.KMS, protect));
        this.registry = new RegistryTable(this, "Registry",
                new RegistryTable.Props(settings.namePrefix() + "-registry", protect));
        this.feedback = new FeedbackTable(this, "Feedback",
                new FeedbackTable.Props(settings.namePrefix() + "-feedback", protect));
        this.tokenKeys = new PredictionTokenSecret(this, "PredictionTokenKeys",
                new PredictionTokenSecret.Props(settings.namePrefix() + "-prediction-token-keys", protect));

        CfnOutput.Builder.create(this, "ModelBucketName").value(models.bucket().getBucketName())
                .description("Upload models under s3://<bucket>/" + settings.modelStore().prefix()).build();
        CfnOutput.Builder.create(this, "RegistryTableName").value(registry.table().getTableName())
                .description("The model registry (DynamoDB)").build();
        CfnOutput.Builder.create(this, "FeedbackTableName").value(feedback.table().getTableName())
                .description("Ground-truth feedback counters (DynamoDB)").build();
    }

    public ModelBucket models() {
        return models;
    }

    public RegistryTable registry() {
        return registry;
    }

    public FeedbackTable feedback() {
        return feedback;
    }

    public PredictionTokenSecret tokenKeys() {
        return tokenKeys;
    }
}
