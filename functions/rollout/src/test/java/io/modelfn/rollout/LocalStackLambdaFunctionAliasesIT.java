package io.modelfn.rollout;

import io.modelfn.core.testkit.localstack.OnLocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The alias rollback's contract ({@link LambdaFunctionAliasesContract}) against LocalStack's Lambda
 * API. Skipped, with the reason, where no Docker daemon is reachable.
 */
@OnLocalStack
class LocalStackLambdaFunctionAliasesIT extends LambdaFunctionAliasesContract {

    private static LambdaClient lambda;
    private static String roleArn;

    @BeforeAll
    static void connect() {
        try (IamClient iam = LocalStackClients.of(IamClient.builder())) {
            roleArn = iam.createRole(r -> r.roleName("modelfn-aliases-test").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
                    .role().arn();
        }
        lambda = LocalStackClients.of(LambdaClient.builder());
    }

    @AfterAll
    static void close() {
        if (lambda != null) {
            lambda.close();
        }
    }

    @Override
    protected LambdaClient lambda() {
        return lambda;
    }

    @Override
    protected String roleArn() {
        return roleArn;
    }
}
