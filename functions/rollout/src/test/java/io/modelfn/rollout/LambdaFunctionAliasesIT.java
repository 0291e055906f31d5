package io.modelfn.rollout;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The alias rollback's contract ({@link LambdaFunctionAliasesContract}) against moto_server's Lambda API. */
class LambdaFunctionAliasesIT extends LambdaFunctionAliasesContract {

    private static MotoServer moto;
    private static LambdaClient lambda;
    private static String roleArn;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        // moto accepts a function only with a role that exists.
        try (IamClient iam = IamClient.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            roleArn = iam.createRole(r -> r.roleName("modelfn-test").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
                    .role().arn();
        }
        lambda = LambdaClient.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopMoto() {
        if (lambda != null) {
            lambda.close();
        }
        if (moto != null) {
            moto.close();
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
