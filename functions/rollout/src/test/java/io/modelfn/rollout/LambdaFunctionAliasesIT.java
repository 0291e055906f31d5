package io.modelfn.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Code-deployment rollback at the Lambda alias, against moto_server's Lambda API. */
class LambdaFunctionAliasesIT {

    private static MotoServer moto;
    private static LambdaClient lambda;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (IamClient iam = IamClient.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            iam.createRole(r -> r.roleName("modelfn-test").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
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

    /** A function with versions 1 and 2 and alias live = 1 with 10 % on 2 (a CodeDeploy canary in flight). */
    private static void functionInCanary(String name) throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("handler.py"));
            out.write("def handle(event, context):\n    return 1\n".getBytes());
        }
        lambda.createFunction(f -> f.functionName(name).runtime(Runtime.PYTHON3_11).handler("handler.handle")
                .role("arn:aws:iam::123456789012:role/modelfn-test").code(c -> c.zipFile(SdkBytes.fromByteArray(zip.toByteArray()))));
        lambda.publishVersion(v -> v.functionName(name));
        lambda.updateFunctionCode(c -> c.functionName(name).zipFile(SdkBytes.fromByteArray(zip.toByteArray())));
        lambda.publishVersion(v -> v.functionName(name));
        lambda.createAlias(a -> a.functionName(name).name("live").functionVersion("1")
                .routingConfig(AliasRoutingConfiguration.builder().additionalVersionWeights(Map.of("2", 0.1)).build()));
    }

    @Test
    void resetWeights_should_send_all_traffic_back_to_the_primary_version() throws Exception {
        functionInCanary("modelfn-predict");
        LambdaFunctionAliases aliases = new LambdaFunctionAliases(lambda, Set.of("modelfn-predict"));

        boolean changed = aliases.resetWeights("modelfn-predict", "live");

        var alias = lambda.getAlias(a -> a.functionName("modelfn-predict").name("live"));
        assertThat(changed).isTrue();
        assertThat(alias.functionVersion()).isEqualTo("1");
        assertThat(alias.routingConfig().additionalVersionWeights()).isEmpty();
        assertThat(aliases.resetWeights("modelfn-predict", "live")).as("a second reset changes nothing").isFalse();
    }

    @Test
    void resetWeights_should_never_touch_functions_that_are_not_ours() throws Exception {
        functionInCanary("someone-elses");
        LambdaFunctionAliases aliases = new LambdaFunctionAliases(lambda, Set.of("modelfn-predict"));

        boolean changed = aliases.resetWeights("someone-elses", "live");

        assertThat(changed).isFalse();
        assertThat(lambda.getAlias(a -> a.functionName("someone-elses").name("live")).routingConfig()
                .additionalVersionWeights()).containsEntry("2", 0.1);
    }
}
