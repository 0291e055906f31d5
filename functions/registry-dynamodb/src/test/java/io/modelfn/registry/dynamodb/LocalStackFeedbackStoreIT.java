package io.modelfn.registry.dynamodb;

import io.modelfn.core.testkit.localstack.OnLocalStack;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The feedback store's contract ({@link FeedbackStoreContract}) on LocalStack's DynamoDB. Skipped, with the reason, where no Docker daemon is reachable. */
@OnLocalStack
class LocalStackFeedbackStoreIT extends FeedbackStoreContract {

    @RegisterExtension
    static final LocalStackRegistryTables dynamo = new LocalStackRegistryTables();

    @Override
    protected RegistryTables tables() {
        return dynamo;
    }
}
