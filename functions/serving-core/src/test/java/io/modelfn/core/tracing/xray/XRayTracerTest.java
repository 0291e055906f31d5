package io.modelfn.core.tracing.xray;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.tracing.Span;
import io.modelfn.core.tracing.TraceContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The X-Ray documents a request's spans become. */
class XRayTracerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-12-05T12:00:00.250Z");

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final XRayTracer tracer = new XRayTracer(sent::add, "modelfn", Clock.fixed(START, ZoneOffset.UTC), nanos::get);

    @Test
    void request_should_become_a_segment_whose_parent_is_the_callers_span_with_timed_children() throws Exception {
        // GIVEN a caller's W3C context
        TraceContext caller = TraceContext.fromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null);

        // WHEN a request runs routing for 2 ms and inference for 5 ms, and answers 200
        Span request = tracer.startRequest(caller);
        Span routing = request.child("routing");
        nanos.addAndGet(2_000_000);
        routing.end();
        Span inference = request.child("inference");
        nanos.addAndGet(5_000_000);
        inference.end();
        request.annotate("endpoint", "iris");
        request.status(200);
        assertThat(sent).as("nothing is sent before the request ends").isEmpty();
        request.end();

        // THEN one document: a segment in the caller's trace, its parent the caller's span, children nested
        assertThat(sent).hasSize(1);
        JsonNode doc = JSON.readTree(sent.get(0));
        assertThat(doc.path("name").asText()).isEqualTo("modelfn");
        assertThat(doc.path("trace_id").asText()).isEqualTo("1-4bf92f35-77b34da6a3ce929d0e0e4736");
        assertThat(doc.path("parent_id").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(doc.has("type")).as("a segment, not a subsegment").isFalse();
        assertThat(doc.path("id").asText()).matches("[0-9a-f]{16}");
        assertThat(doc.path("start_time").asDouble()).isEqualTo(START.getEpochSecond() + 0.25);
        assertThat(doc.path("end_time").asDouble()).isCloseTo(START.getEpochSecond() + 0.257, within());
        assertThat(doc.path("annotations").path("endpoint").asText()).isEqualTo("iris");
        assertThat(doc.path("http").path("response").path("status").asInt()).isEqualTo(200);
        assertThat(doc.has("error") || doc.has("fault")).isFalse();
        JsonNode children = doc.path("subsegments");
        assertThat(children).hasSize(2);
        assertThat(children.get(0).path("name").asText()).isEqualTo("routing");
        assertThat(children.get(0).path("end_time").asDouble() - children.get(0).path("start_time").asDouble())
                .isCloseTo(0.002, within());
        assertThat(children.get(1).path("name").asText()).isEqualTo("inference");
        assertThat(children.get(1).path("start_time").asDouble()).isCloseTo(START.getEpochSecond() + 0.252, within());
        assertThat(children.get(1).path("id").asText()).isNotEqualTo(doc.path("id").asText());
    }

    @Test
    void request_under_lambda_should_be_a_subsegment_of_the_functions_segment() throws Exception {
        // GIVEN the Lambda runtime's trace header for this invocation
        TraceContext function = TraceContext.fromXRayHeader(
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", true);

        // WHEN a request ends
        tracer.startRequest(function).end();

        // THEN it is sent as an independent subsegment of the function's segment
        JsonNode doc = JSON.readTree(sent.get(0));
        assertThat(doc.path("type").asText()).isEqualTo("subsegment");
        assertThat(doc.path("trace_id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        assertThat(doc.path("parent_id").asText()).isEqualTo("53995c3f42cd8ad8");
    }

    @Test
    void request_without_a_caller_should_start_a_trace_of_its_own() throws Exception {
        tracer.startRequest(null).end();

        JsonNode doc = JSON.readTree(sent.get(0));
        assertThat(doc.path("trace_id").asText()).matches("1-" + Long.toHexString(START.getEpochSecond()) + "-[0-9a-f]{24}");
        assertThat(doc.has("parent_id")).isFalse();
    }

    @Test
    void request_should_join_a_trace_named_without_a_parent_as_its_first_segment() throws Exception {
        tracer.startRequest(TraceContext.fromXRayHeader("Root=1-5759e988-bd862e3fe1be46a994272793", false)).end();

        JsonNode doc = JSON.readTree(sent.get(0));
        assertThat(doc.path("trace_id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        assertThat(doc.has("parent_id")).isFalse();
    }

    @Test
    void request_should_not_be_recorded_when_the_caller_does_not_sample_it() {
        Span request = tracer.startRequest(TraceContext.fromTraceparent(
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", null));
        request.child("routing").end();
        request.end();

        assertThat(request).isSameAs(Span.NONE);
        assertThat(sent).isEmpty();
    }

    @Test
    void statuses_should_map_to_xray_error_throttle_and_fault_flags() throws Exception {
        // GIVEN a request that failed with 504 after a forward that timed out, and a routing step that said 429
        Span request = tracer.startRequest(null);
        Span routing = request.child("routing");
        routing.status(429);
        routing.end();
        Span forward = request.child("forward", Span.Kind.REMOTE, nanos.get());
        forward.status(504);
        forward.end();
        Span sageMaker = request.child("forward", Span.Kind.AWS, nanos.get());
        sageMaker.status(404);
        sageMaker.end();
        request.status(504);
        request.end();

        // THEN 5xx is a fault, 4xx an error, 429 also a throttle, and remote calls carry their namespace
        JsonNode doc = JSON.readTree(sent.get(0));
        assertThat(doc.path("fault").asBoolean()).isTrue();
        assertThat(doc.has("error")).isFalse();
        JsonNode children = doc.path("subsegments");
        assertThat(children.get(0).path("error").asBoolean()).isTrue();
        assertThat(children.get(0).path("throttle").asBoolean()).isTrue();
        assertThat(children.get(1).path("fault").asBoolean()).isTrue();
        assertThat(children.get(1).path("namespace").asText()).isEqualTo("remote");
        assertThat(children.get(2).path("error").asBoolean()).isTrue();
        assertThat(children.get(2).has("fault")).isFalse();
        assertThat(children.get(2).path("namespace").asText()).isEqualTo("aws");
    }

    @Test
    void context_should_name_the_span_as_the_next_hops_parent_in_the_same_trace() throws Exception {
        TraceContext caller = TraceContext.fromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "vendor=1");
        Span request = tracer.startRequest(caller);
        Span forward = request.child("forward", Span.Kind.REMOTE, nanos.get());

        TraceContext next = forward.context();
        forward.end();
        request.end();

        JsonNode forwardDoc = JSON.readTree(sent.get(0)).path("subsegments").get(0);
        assertThat(next.traceId()).isEqualTo(caller.traceId());
        assertThat(next.spanId()).isEqualTo(forwardDoc.path("id").asText());
        assertThat(next.traceState()).isEqualTo("vendor=1");
        assertThat(next.enclosing()).isFalse();
    }

    @Test
    void a_span_left_open_should_be_sent_in_progress_and_names_should_be_escaped() throws Exception {
        Span request = tracer.startRequest(null);
        request.annotate("endpoint", "quo\"te\\back\nline");
        request.child("inference");
        request.end();
        request.end();

        assertThat(sent).hasSize(1);
        JsonNode doc = JSON.readTree(sent.get(0));
        assertThat(doc.path("annotations").path("endpoint").asText()).isEqualTo("quo\"te\\back\nline");
        assertThat(doc.path("subsegments").get(0).path("in_progress").asBoolean()).isTrue();
        assertThat(doc.path("subsegments").get(0).has("end_time")).isFalse();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-6);
    }
}
