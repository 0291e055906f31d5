package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.Change;
import io.modelfn.registry.dynamodb.DynamoDbModelRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shadow copies on Lambda's terms: the caller's environment is frozen once its runtime and its extensions
 * ask for the next event. Each sampled copy is an asynchronous invocation of the function (through the
 * harness's Invoke API) that another invocation compares, sent by the function's after-response extension
 * after the response is posted and before the environment is released: every copy sent is compared, and
 * the caller waits neither for the comparison nor for the hand-off.
 */
class ShadowUnderFreezingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 20;
    private static final int LATENCY_ROUNDS = 40;
    /**
     * How long a caller may take to ask for its next event after answering. Its after-response extension, which
     * hands the copy on, runs in the idle scheduling class: an environment that cold-starts on the caller's core to
     * compare the copies holds that thread back for as long as its start keeps the core busy (over 30 s once in CI
     * on a loaded machine). On Lambda each environment has CPU of its own; here the callers start on the last core,
     * where the comparing environments (the harness's own pool, which takes the cores in turn from the first) land
     * only every other start, not on every first start as when both pools began at core 0. The margin stays for
     * the starts that still share it.
     */
    private static final Duration BACK_TO_NEXT = Duration.ofSeconds(120);

    private static LambdaHarness harness;

    @BeforeAll
    static void endpoints() {
        harness = LambdaHarness.shared();
        DynamoDbModelRegistry registry = new DynamoDbModelRegistry(harness.engines().dynamoDb(),
                harness.function().environment().get("MODELFN_REGISTRY_TABLE"), Clock.systemUTC());
        Variant stable = new Variant(Variant.STABLE, ModelKey.parse("iris/1.1.0"), Variant.TOTAL_WEIGHT);
        // every request copied to iris/1.0.0
        registry.putEndpoint(new EndpointConfig("iris-shadowed", List.of(stable),
                new ShadowConfig(ModelKey.parse("iris/1.0.0"), Variant.TOTAL_WEIGHT), null, null, 0, null), 0,
                Change.by("harness", "shadow test"));
        registry.putEndpoint(new EndpointConfig("iris-plain", List.of(stable), null, null, null, 0, null), 0,
                Change.by("harness", "shadow test"));
    }

    @Test
    void every_copy_sent_from_a_frozen_environment_should_be_compared() throws Exception {
        // GIVEN one caller environment (frozen between its invocations) and the Invoke API's count so far
        int before = harness.invokeApi().asynchronousInvocations().size();
        try (EnvironmentPool callers = harness.newPool("shadow-callers", true, Map.of()).onCoresFrom(lastCore())) {
            // WHEN 20 requests to the shadowed endpoint are answered, one after the other, each once the
            // environment waits for the next (frozen)
            Invocation[] answers = new Invocation[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                answers[i] = callers.invoke(event("iris-shadowed", "shadow-" + i)).get(180, TimeUnit.SECONDS);
                assertThat(ApiGatewayResponse.of(answers[i]).statusCode()).as(answers[i].payloadText()).isEqualTo(200);
                assertThat(callers.awaitAllIdle(BACK_TO_NEXT)).isTrue();
            }

            // THEN 20 copies left (one asynchronous invocation each), each after its caller's response was
            // posted (by the after-response extension) and before the environment was frozen
            assertThat(callers.started()).isEqualTo(1);
            assertThat(callers.environments().get(0).extensionNames()).containsExactly("modelfn-after-response");
            List<InvokeApi.Received> copies = harness.invokeApi().asynchronousInvocations();
            copies = copies.subList(before, copies.size());
            assertThat(copies).hasSize(REQUESTS);
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(copies.get(i).arrivedNanos()).as("copy %d sent after the response", i)
                        .isGreaterThan(answers[i].answeredNanos());
            }
            // ...and each was compared by another invocation
            int compared = 0;
            for (InvokeApi.Received copy : copies) {
                Invocation comparison = copy.result().get(180, TimeUnit.SECONDS);
                assertThat(comparison.outcome()).as(comparison.payloadText()).isEqualTo(Invocation.Outcome.RESPONSE);
                String outcome = JSON.readTree(comparison.payload()).path("shadowOutcome").asText();
                assertThat(outcome).isIn("AGREED", "DISAGREED");
                compared++;
            }
            assertThat(compared).isEqualTo(REQUESTS);
            // ...in environments other than the caller's
            List<String> callerIds = callers.environments().stream().map(ExecutionEnvironment::id).toList();
            assertThat(copies).allSatisfy(copy -> assertThat(callerIds).doesNotContain(copy.result().get().environment()));
        }
    }

    @Test
    void the_caller_should_not_wait_for_the_comparison() throws Exception {
        // GIVEN a warm caller environment
        try (EnvironmentPool callers = harness.newPool("shadow-latency", true, Map.of()).onCoresFrom(lastCore())) {
            for (int i = 0; i < 5; i++) {
                answered(callers, event("iris-shadowed", "warm-s-" + i));
                answered(callers, event("iris-plain", "warm-p-" + i));
            }

            // WHEN requests alternate between the shadowed and the plain endpoint (same version answers both)
            double[] shadowed = new double[LATENCY_ROUNDS];
            double[] plain = new double[LATENCY_ROUNDS];
            for (int i = 0; i < LATENCY_ROUNDS; i++) {
                shadowed[i] = answered(callers, event("iris-shadowed", "lat-s-" + i));
                plain[i] = answered(callers, event("iris-plain", "lat-p-" + i));
            }

            // THEN every answer came from the one warm environment, and the figures are reported (the hand-off,
            // after the response, is the only difference: the comparison runs elsewhere)
            assertThat(callers.started()).isEqualTo(1);
            System.out.printf(Locale.ROOT, "shadow caller duration (ms), %d each, one core, frozen between invocations: "
                    + "without shadow p50 %.2f p99 %.2f; with shadow p50 %.2f p99 %.2f%n", LATENCY_ROUNDS,
                    percentile(plain, 50), percentile(plain, 99), percentile(shadowed, 50), percentile(shadowed, 99));
        }
    }

    /**
     * The invocation's duration (to its response), after checking it answered 200; returns once the
     * environment waits for the next event, as a client pausing between requests lets it.
     */
    private static int lastCore() {
        return Runtime.getRuntime().availableProcessors() - 1;
    }

    private static double answered(EnvironmentPool pool, byte[] event) throws Exception {
        Invocation answer = pool.invoke(event).get(180, TimeUnit.SECONDS);
        assertThat(ApiGatewayResponse.of(answer).statusCode()).as(answer.payloadText()).isEqualTo(200);
        assertThat(pool.awaitAllIdle(BACK_TO_NEXT)).isTrue();
        return answer.durationMillis();
    }

    private static byte[] event(String endpoint, String id) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(SampleEvents.read("apigw-v2-oip-infer-iris-1.1.0.json"));
        String path = "/v2/models/" + endpoint + "/infer";
        event.put("rawPath", path);
        ((ObjectNode) event.path("requestContext").path("http")).put("path", path);
        ((ObjectNode) event.path("requestContext")).put("requestId", id);
        ObjectNode body = (ObjectNode) JSON.readTree(event.path("body").asText());
        body.put("id", id);
        event.put("body", JSON.writeValueAsString(body));
        return JSON.writeValueAsBytes(event);
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
