package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The harness's Invoke API, reached by an AWS SDK for Java 2.x Lambda client through
 * {@code AWS_ENDPOINT_URL_LAMBDA} alone: an asynchronous invocation is accepted with 202, counted, and
 * runs in the function's environment pool.
 */
class AsyncInvokeIT {

    @Test
    void sdk_client_should_reach_the_invoke_api_through_the_endpoint_variable_and_its_event_should_run() throws Exception {
        // GIVEN the harness, and a separate JVM whose SDK client knows the endpoint only from its environment
        LambdaHarness harness = LambdaHarness.shared();
        int before = harness.invokeApi().asynchronousInvocations().size();
        Path event = SampleEvents.folder().resolve("apigw-v2-predict-iris.json");
        ProcessBuilder client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AsyncInvokeClient.class.getName(),
                "arn:aws:lambda:us-east-1:000000000000:function:" + harness.function().functionName() + ":live",
                event.toString()).redirectErrorStream(true);
        client.environment().put("AWS_ENDPOINT_URL_LAMBDA", harness.invokeApi().endpoint());
        client.environment().put("AWS_REGION", "us-east-1");
        client.environment().put("AWS_ACCESS_KEY_ID", LocalEngines.ACCESS_KEY);
        client.environment().put("AWS_SECRET_ACCESS_KEY", LocalEngines.SECRET_KEY);

        // WHEN it invokes the prediction function with InvocationType Event
        Process process = client.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        // THEN the Invoke API answered 202, counted the event, and the function answered it
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("status=202");
        List<InvokeApi.Received> received = harness.invokeApi().asynchronousInvocations();
        assertThat(received).hasSize(before + 1);
        InvokeApi.Received last = received.get(received.size() - 1);
        assertThat(last.functionName()).isEqualTo(harness.function().functionName());
        Invocation ran = last.result().get(180, TimeUnit.SECONDS);
        assertThat(ran.outcome()).isEqualTo(Invocation.Outcome.RESPONSE);
        assertThat(ApiGatewayResponse.of(ran).json().path("classes").get(0).asText()).isEqualTo("setosa");
    }
}
