package io.modelfn.registry.dynamodb;

import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.testkit.ModelRegistryContract;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.localstack.OnLocalStack;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link ModelRegistry} contract on LocalStack's DynamoDB, the same tests {@code DynamoDbModelRegistryIT}
 * runs on DynamoDB Local in process. Skipped, with the reason, where no Docker daemon is reachable.
 */
@OnLocalStack
class LocalStackModelRegistryIT extends ModelRegistryContract {

    @RegisterExtension
    static final LocalStackRegistryTables dynamo = new LocalStackRegistryTables();

    @Override
    protected ModelRegistry newRegistry(MutableClock clock) {
        dynamo.createRegistryTable();
        return new DynamoDbModelRegistry(dynamo.client(), dynamo.tableName(), clock);
    }
}
