package io.modelfn.core.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The W3C and X-Ray trace headers: what is read, what is written, and what is ignored. */
class TraceContextTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // traceparent, trace id, parent id, sampled
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01, 4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902b7, true",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00, 4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902b7, false",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03, 4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902b7, true",
        // a later version may append fields after a dash
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra, 4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902b7, true",
        "'  00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ', 4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902b7, true",
    })
    void fromTraceparent_should_read_the_trace_parent_and_sampled_flag_when_valid(String header, String traceId,
            String spanId, boolean sampled) {
        TraceContext context = TraceContext.fromTraceparent(header, null);

        assertThat(context).isNotNull();
        assertThat(context.traceId()).isEqualTo(traceId);
        assertThat(context.spanId()).isEqualTo(spanId);
        assertThat(context.sampled()).isEqualTo(sampled);
        assertThat(context.enclosing()).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @NullAndEmptySource
    @ValueSource(strings = {
        "garbage",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",          // no flags
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // version 00 has no more fields
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",        // version ff is forbidden
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",        // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",        // all-zero parent id
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",        // upper case
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",        // not hex
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",        // wrong separators
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x",        // flags not hex
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",       // a later version's fields need a dash
    })
    void fromTraceparent_should_ignore_a_header_that_is_not_valid(String header) {
        assertThat(TraceContext.fromTraceparent(header, "vendor=value")).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(value = {
        "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7 | congo=t61rcWkgMzE,rojo=00f067aa0ba902b7",
        "'' | ",
        "bad\u0001state | ",
    }, delimiter = '|')
    void fromTraceparent_should_keep_a_printable_tracestate_and_drop_any_other(String tracestate, String kept) {
        TraceContext context = TraceContext.fromTraceparent("00-" + TRACE + "-" + SPAN + "-01", tracestate);

        assertThat(context.traceState()).isEqualTo(kept);
    }

    @Test
    void fromTraceparent_should_drop_a_tracestate_longer_than_512_characters() {
        TraceContext context = TraceContext.fromTraceparent("00-" + TRACE + "-" + SPAN + "-01", "a=" + "b".repeat(511));

        assertThat(context.traceState()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1 | 5759e988bd862e3fe1be46a994272793 | 53995c3f42cd8ad8 | true",
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0 | 5759e988bd862e3fe1be46a994272793 | 53995c3f42cd8ad8 | false",
        "Sampled=?; Parent=53995c3f42cd8ad8; Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=a87bd80c:1 | 5759e988bd862e3fe1be46a994272793 | 53995c3f42cd8ad8 | true",
    })
    void fromXRayHeader_should_read_root_parent_and_sampled_in_any_order(String header, String traceId, String spanId,
            boolean sampled) {
        TraceContext context = TraceContext.fromXRayHeader(header, true);

        assertThat(context.traceId()).isEqualTo(traceId);
        assertThat(context.spanId()).isEqualTo(spanId);
        assertThat(context.sampled()).isEqualTo(sampled);
        assertThat(context.enclosing()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @NullAndEmptySource
    @ValueSource(strings = {
        "Parent=53995c3f42cd8ad8",                                          // no root
        "Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8", // unknown version
        "Root=1-5759e988bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8",  // no inner dash
        "Root=1-5759e988-bd862e3fe1be46a99427279z;Parent=53995c3f42cd8ad8", // not hex
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad",  // short parent
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000",  // all-zero parent
    })
    void fromXRayHeader_should_ignore_a_header_without_a_valid_root_and_parent(String header) {
        assertThat(TraceContext.fromXRayHeader(header, false)).isNull();
    }

    @Test
    void fromXRayHeader_should_continue_a_root_without_parent_unless_it_is_the_lambda_runtimes() {
        String rootOnly = "Root=1-5759e988-bd862e3fe1be46a994272793";

        TraceContext fromCaller = TraceContext.fromXRayHeader(rootOnly, false);

        assertThat(fromCaller.traceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
        assertThat(fromCaller.spanId()).isNull();
        assertThat(fromCaller.xrayHeader()).isEqualTo(rootOnly + ";Sampled=1");
        assertThat(TraceContext.fromXRayHeader(rootOnly, true)).as("Lambda's segment is always named").isNull();
    }

    @Test
    void formats_should_round_trip_through_both_headers() {
        TraceContext context = new TraceContext(TRACE, SPAN, true, "k=v", false);

        assertThat(context.traceparent()).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
        assertThat(context.xrayHeader()).isEqualTo("Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=" + SPAN + ";Sampled=1");
        assertThat(TraceContext.fromTraceparent(context.traceparent(), "k=v")).isEqualTo(context);
        assertThat(TraceContext.fromXRayHeader(context.xrayHeader(), false))
                .isEqualTo(new TraceContext(TRACE, SPAN, true, null, false));
        assertThat(new TraceContext(TRACE, SPAN, false, null, false).traceparent()).endsWith("-00");
    }

    @Test
    void newTrace_should_start_with_the_epoch_seconds_and_use_fresh_ids() {
        TraceContext first = TraceContext.newTrace(0x5759e988L);
        TraceContext second = TraceContext.newTrace(0x5759e988L);

        assertThat(first.traceId()).startsWith("5759e988").hasSize(32).isNotEqualTo(second.traceId());
        assertThat(first.spanId()).hasSize(16).isNotEqualTo(second.spanId());
        assertThat(first.sampled()).isTrue();
        assertThat(TraceContext.fromTraceparent(first.traceparent(), null)).isEqualTo(first);
    }
}
