package io.modelfn.registry.dynamodb;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The feedback store's contract ({@link FeedbackStoreContract}) on DynamoDB Local in process. */
class DynamoDbFeedbackStoreIT extends FeedbackStoreContract {

    @RegisterExtension
    static final DynamoDbLocalFixture dynamo = new DynamoDbLocalFixture();

    @Override
    protected RegistryTables tables() {
        return dynamo;
    }
}
