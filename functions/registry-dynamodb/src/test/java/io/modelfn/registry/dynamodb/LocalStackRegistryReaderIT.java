package io.modelfn.registry.dynamodb;

import io.modelfn.core.testkit.localstack.OnLocalStack;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry reader's contract ({@link RegistryReaderContract}) on LocalStack's DynamoDB. Skipped, with the reason, where no Docker daemon is reachable. */
@OnLocalStack
class LocalStackRegistryReaderIT extends RegistryReaderContract {

    @RegisterExtension
    static final LocalStackRegistryTables dynamo = new LocalStackRegistryTables();

    @Override
    protected RegistryTables tables() {
        return dynamo;
    }
}
