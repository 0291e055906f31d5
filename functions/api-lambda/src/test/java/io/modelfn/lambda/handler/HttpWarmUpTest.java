package io.modelfn.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The HTTP path's warm-up at init: one readiness request as API Gateway would send it; never fails the init. */
class HttpWarmUpTest {

    @Test
    void run_should_send_one_api_gateway_readiness_request_with_its_own_request_id() throws Exception {
        // GIVEN an HTTP handler that keeps what it is handed and answers 200
        AtomicReference<byte[]> event = new AtomicReference<>();
        AtomicReference<Context> context = new AtomicReference<>();
        EventRouting.HttpHandler http = (in, out, ctx) -> {
            event.set(in.readAllBytes());
            context.set(ctx);
            out.write("{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8));
        };

        // WHEN the warm-up runs
        String answer = HttpWarmUp.run(http);

        // THEN the handler got an API Gateway v2 GET of /v2/health/ready and a context naming the warm-up
        JsonNode sent = new ObjectMapper().readTree(event.get());
        assertThat(sent.path("version").asText()).isEqualTo("2.0");
        assertThat(sent.path("rawPath").asText()).isEqualTo("/v2/health/ready");
        assertThat(sent.path("requestContext").path("http").path("method").asText()).isEqualTo("GET");
        assertThat(sent.has("body")).isFalse();
        assertThat(context.get().getAwsRequestId()).isEqualTo(HttpWarmUp.REQUEST_ID);
        assertThat(context.get().getRemainingTimeInMillis()).isPositive();
        assertThat(answer).contains("200");
    }

    @Test
    void run_should_log_and_go_on_when_the_handler_fails() {
        // GIVEN an HTTP handler that throws
        EventRouting.HttpHandler failing = (in, out, ctx) -> {
            throw new IllegalStateException("not started");
        };

        // WHEN the warm-up runs THEN init goes on, with nothing answered
        assertThat(HttpWarmUp.run(failing)).isEmpty();
    }

    @Test
    void wanted_should_warm_the_bridge_under_snap_start_and_on_demand_only_when_infer_events_use_it() {
        // Under SnapStart the warm-up is in the snapshot: always, whatever serves infer
        assertThat(HttpWarmUp.wanted(false, true, () -> true)).isTrue();
        assertThat(HttpWarmUp.wanted(true, true, () -> true)).isTrue();
        // On demand, with priming at start: only when infer events go through the bridge
        assertThat(HttpWarmUp.wanted(true, false, () -> false)).isTrue();
        assertThat(HttpWarmUp.wanted(true, false, () -> true)).isFalse();
        // On demand without priming at start: never (and the direct path is not looked up)
        assertThat(HttpWarmUp.wanted(false, false, () -> {
            throw new AssertionError("looked up");
        })).isFalse();
    }
}
