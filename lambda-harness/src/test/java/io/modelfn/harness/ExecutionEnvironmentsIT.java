package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lambda's execution model on the built function: several environments at once, an environment recycled
 * without notice, an environment frozen while it waits, and a handler failure posted to {@code /error}.
 */
class ExecutionEnvironmentsIT {

    private static final String IRIS = "apigw-v2-oip-infer-iris-1.0.0.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LambdaHarness harness;
    private static EnvironmentPool pool;

    @BeforeAll
    static void start() throws Exception {
        harness = LambdaHarness.shared();
        // Its own pool: three environments are started here whatever other classes left warm.
        pool = harness.newPool("environments", true, Map.of());
        List<CompletableFuture<Invocation>> first = pool.invokeAll(threeIrisEvents());
        for (CompletableFuture<Invocation> invocation : first) {
            invocation.get(180, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void environmentsWaitForEvents() throws InterruptedException {
        // An event sent before an environment is back in /next goes to another one, as on Lambda.
        assertThat(pool.awaitAllIdle(Duration.ofSeconds(60))).isTrue();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    private static List<byte[]> threeIrisEvents() {
        return IntStream.range(0, 3).mapToObj(i -> SampleEvents.read(IRIS)).toList();
    }

    private static Invocation invoke(String event) throws Exception {
        return pool.invoke(SampleEvents.read(event)).get(180, TimeUnit.SECONDS);
    }

    @Test
    void concurrent_events_should_each_take_an_environment_of_their_own() throws Exception {
        // GIVEN three environments waiting (started at once by three concurrent events)
        assertThat(pool.environments()).hasSizeGreaterThanOrEqualTo(3);
        int startedBefore = pool.started();

        // WHEN three events arrive at once
        List<CompletableFuture<Invocation>> concurrent = pool.invokeAll(threeIrisEvents());
        List<Invocation> answers = concurrent.stream().map(CompletableFuture::join).toList();

        // THEN each answered 200, from three different environments, and none had to be started
        for (Invocation answer : answers) {
            assertThat(answer.outcome()).isEqualTo(Invocation.Outcome.RESPONSE);
            assertThat(ApiGatewayResponse.of(answer).statusCode()).isEqualTo(200);
        }
        Set<String> environments = answers.stream().map(Invocation::environment).collect(Collectors.toSet());
        assertThat(environments).hasSize(3);
        assertThat(pool.started()).isEqualTo(startedBefore);
        assertThat(answers).noneMatch(Invocation::coldStart);
    }

    @Test
    void recycled_environment_should_be_replaced_by_a_cold_start_that_answers() throws Exception {
        // GIVEN an idle environment, killed without notice as Lambda may do, and the others
        List<ExecutionEnvironment> before = pool.environments();
        int startedBefore = pool.started();
        before.forEach(pool::recycle);

        // WHEN the next event arrives
        Invocation answer = invoke(IRIS);

        // THEN a new environment cold-starts and answers
        assertThat(answer.outcome()).isEqualTo(Invocation.Outcome.RESPONSE);
        assertThat(ApiGatewayResponse.of(answer).statusCode()).isEqualTo(200);
        assertThat(answer.coldStart()).isTrue();
        assertThat(answer.initMillis()).isPositive();
        assertThat(before).extracting(ExecutionEnvironment::id).doesNotContain(answer.environment());
        assertThat(pool.started()).isEqualTo(startedBefore + 1);
    }

    @Test
    void idle_environment_should_be_frozen_and_use_no_cpu_until_the_next_event() throws Exception {
        // GIVEN an environment that has answered and waits for the next event
        ExecutionEnvironment environment = answeredAndWaiting();

        // WHEN two seconds pass (the function's background threads, the registry refresh included, would run)
        long ticksBefore = environment.cpuTicks();
        Thread.sleep(2000);
        long ticksAfter = environment.cpuTicks();

        // THEN the process is stopped and its CPU time did not grow; thawed by an event, it answers (a stopped
        // process cannot). Its CPU time is not compared after the thaw: a warm answer takes a few milliseconds,
        // often less than the 10 ms tick /proc counts in.
        assertThat(environment.isStopped()).isTrue();
        assertThat(ticksAfter).isEqualTo(ticksBefore);
        Invocation next = pool.invokeOn(environment, SampleEvents.read(IRIS)).get(180, TimeUnit.SECONDS);
        assertThat(next.environment()).isEqualTo(environment.id());
        assertThat(ApiGatewayResponse.of(next).statusCode()).isEqualTo(200);
    }

    @Test
    void each_invocations_metric_records_should_be_written_before_its_environment_is_frozen() throws Exception {
        // GIVEN an environment that has answered and waits for the next event
        ExecutionEnvironment environment = answeredAndWaiting();

        for (int i = 1; i <= 3; i++) {
            // WHEN it serves one more request and is frozen again
            double before = requestsCounted(environment.log());
            Invocation next = pool.invokeOn(environment, SampleEvents.read(IRIS)).get(180, TimeUnit.SECONDS);
            assertThat(ApiGatewayResponse.of(next).statusCode()).isEqualTo(200);
            awaitIdle(environment);

            // THEN its log, read while the process is stopped, counts that request once (the extension flushes the
            // invocation's records after the answer, before it asks for the next event)
            assertThat(environment.isStopped()).isTrue();
            assertThat(requestsCounted(environment.log())).as("requests counted after invocation %d", i).isEqualTo(before + 1);
        }
    }

    /** The requests counted by the EMF records of a log: the sum of every record's {@code Requests} values. */
    private static double requestsCounted(String log) throws Exception {
        double counted = 0;
        for (String line : log.split("\n")) {
            if (!line.startsWith("{\"_aws\"")) {
                continue;
            }
            JsonNode requests = JSON.readTree(line).path("Requests");
            if (requests.isNumber()) {
                counted += requests.asDouble();
            } else if (requests.isObject()) {
                for (int i = 0; i < requests.path("Values").size(); i++) {
                    counted += requests.path("Values").get(i).asDouble() * requests.path("Counts").get(i).asDouble();
                }
            }
        }
        return counted;
    }

    @Test
    void handler_failure_should_reach_the_error_endpoint_and_leave_the_environment_serving() throws Exception {
        // GIVEN an event that is not an API Gateway event at all (a JSON array)
        byte[] notAnEvent = "[1, 2, 3]".getBytes(StandardCharsets.UTF_8);

        // WHEN the function receives it
        Invocation failed = pool.invoke(notAnEvent).get(180, TimeUnit.SECONDS);

        // THEN the runtime posts it to /invocation/{id}/error with an error type, and the environment goes on
        assertThat(failed.outcome()).as(failed.payloadText()).isEqualTo(Invocation.Outcome.ERROR);
        assertThat(failed.errorType()).isNotBlank();
        assertThat(failed.payloadText()).contains("errorMessage");
        Invocation next = invoke(IRIS);
        assertThat(ApiGatewayResponse.of(next).statusCode()).isEqualTo(200);
    }

    /** The environment that answered one more iris event, once it waits for the next one (frozen). */
    private static ExecutionEnvironment answeredAndWaiting() throws Exception {
        Invocation answer = invoke(IRIS);
        ExecutionEnvironment environment = pool.environments().stream()
                .filter(e -> e.id().equals(answer.environment())).findFirst().orElseThrow();
        awaitIdle(environment);
        return environment;
    }

    private static void awaitIdle(ExecutionEnvironment environment) throws InterruptedException {
        assertThat(environment.awaitIdle(Duration.ofSeconds(30))).isTrue();
    }
}
