package io.modelfn.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Code-deployment rollback at the Lambda alias ({@link LambdaFunctionAliases}), run against each
 * local Lambda API: moto_server ({@code LambdaFunctionAliasesIT}) and LocalStack
 * ({@code LocalStackLambdaFunctionAliasesIT}).
 */
abstract class LambdaFunctionAliasesContract {

    /** A client of the engine's Lambda API. */
    protected abstract LambdaClient lambda();

    /** The ARN of an execution role the engine accepts for a new function. */
    protected abstract String roleArn();

    /** A function with versions 1 and 2 and alias live = 1 with 10 % on 2 (a CodeDeploy canary in flight). */
    private void functionInCanary(String name) throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("handler.py"));
            out.write("def handle(event, context):\n    return 1\n".getBytes());
        }
        LambdaClient lambda = lambda();
        lambda.createFunction(f -> f.functionName(name).runtime(Runtime.PYTHON3_11).handler("handler.handle")
                .role(roleArn()).code(c -> c.zipFile(SdkBytes.fromByteArray(zip.toByteArray()))));
        // Lambda creates and updates a function asynchronously: a version can be published only once it is done.
        lambda.waiter().waitUntilFunctionActiveV2(f -> f.functionName(name));
        lambda.publishVersion(v -> v.functionName(name));
        lambda.updateFunctionCode(c -> c.functionName(name).zipFile(SdkBytes.fromByteArray(zip.toByteArray())));
        lambda.waiter().waitUntilFunctionUpdatedV2(f -> f.functionName(name));
        lambda.publishVersion(v -> v.functionName(name));
        lambda.createAlias(a -> a.functionName(name).name("live").functionVersion("1")
                .routingConfig(AliasRoutingConfiguration.builder().additionalVersionWeights(Map.of("2", 0.1)).build()));
    }

    @Test
    void resetWeights_should_send_all_traffic_back_to_the_primary_version() throws Exception {
        functionInCanary("modelfn-predict");
        LambdaFunctionAliases aliases = new LambdaFunctionAliases(lambda(), Set.of("modelfn-predict"));

        boolean changed = aliases.resetWeights("modelfn-predict", "live");

        var alias = lambda().getAlias(a -> a.functionName("modelfn-predict").name("live"));
        assertThat(changed).isTrue();
        assertThat(alias.functionVersion()).isEqualTo("1");
        assertThat(alias.routingConfig() == null ? Map.of() : alias.routingConfig().additionalVersionWeights()).isEmpty();
        assertThat(aliases.resetWeights("modelfn-predict", "live")).as("a second reset changes nothing").isFalse();
    }

    @Test
    void resetWeights_should_never_touch_functions_that_are_not_ours() throws Exception {
        functionInCanary("someone-elses");
        LambdaFunctionAliases aliases = new LambdaFunctionAliases(lambda(), Set.of("modelfn-predict"));

        boolean changed = aliases.resetWeights("someone-elses", "live");

        assertThat(changed).isFalse();
        assertThat(lambda().getAlias(a -> a.functionName("someone-elses").name("live")).routingConfig()
                .additionalVersionWeights()).containsEntry("2", 0.1);
    }
}
