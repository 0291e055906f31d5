package io.modelfn.rollout;

import io.modelfn.registry.dynamodb.DynamoDbLocalServer;
import io.modelfn.registry.dynamodb.RegistryTableSchema;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB Local with an empty registry table, for the rollout function under test. */
public class RolloutRegistryResource implements QuarkusTestResourceLifecycleManager {

    static final String TABLE = "modelfn-rollout-test";
    private static volatile DynamoDbLocalServer server;

    @Override
    public Map<String, String> start() {
        server = DynamoDbLocalServer.start();
        RegistryTableSchema.createTable(server.client(), TABLE);
        return Map.of("modelfn.aws.dynamodb-endpoint", server.endpoint(), "modelfn.aws.region", "us-east-1",
                "modelfn.registry.table", TABLE);
    }

    static DynamoDbClient client() {
        return server.client();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
