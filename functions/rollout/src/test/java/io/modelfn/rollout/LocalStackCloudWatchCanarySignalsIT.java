package io.modelfn.rollout;

import io.modelfn.core.testkit.localstack.OnLocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The canary signals' contract ({@link CloudWatchCanarySignalsContract}) against LocalStack's CloudWatch API. Skipped, with the
 * reason, where no Docker daemon is reachable.
 */
@OnLocalStack
class LocalStackCloudWatchCanarySignalsIT extends CloudWatchCanarySignalsContract {

    private static CloudWatchClient cloudWatch;

    @BeforeAll
    static void connect() {
        cloudWatch = LocalStackClients.of(CloudWatchClient.builder());
    }

    @AfterAll
    static void close() {
        if (cloudWatch != null) {
            cloudWatch.close();
        }
    }

    @Override
    protected CloudWatchClient cloudWatch() {
        return cloudWatch;
    }
}
