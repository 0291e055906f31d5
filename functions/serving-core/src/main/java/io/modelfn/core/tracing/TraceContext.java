package io.modelfn.core.tracing;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a span sits in a distributed trace: the trace id (32 lowercase hex digits, W3C's form; X-Ray's
 * {@code 1-xxxxxxxx-yyyy...} is the same 128 bits) and the id of the parent span (16 hex digits).
 * Reads and writes the W3C {@code traceparent} / {@code tracestate} headers and X-Ray's
 * {@code X-Amzn-Trace-Id}; a header that does not parse is ignored (null), never an error.
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param spanId the parent span's id, 16 lowercase hex digits, not all zero; null for an X-Ray header that
 *     names a trace but no parent (its spans are the trace's first)
 * @param sampled whether the caller records this trace
 * @param traceState the caller's {@code tracestate}, passed on unchanged, or null
 * @param enclosing whether the parent is a segment of this very process's runtime (Lambda's function
 *     segment): the request's span is then one of its subsegments rather than a segment of its own
 */
public record TraceContext(String traceId, String spanId, boolean sampled, String traceState, boolean enclosing) {

    /** The W3C header names. */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    /** X-Ray's header (and the Lambda runtime's trace header, in the same form). */
    public static final String XRAY_HEADER = "X-Amzn-Trace-Id";

    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_TRACESTATE = 512;
    private static final int MAX_XRAY_HEADER = 256;

    public TraceContext {
        if (!isId(traceId, 32) || spanId != null && !isId(spanId, 16)) {
            throw new IllegalArgumentException("a trace id is 32 and a span id 16 lowercase hex digits, not all zero");
        }
        traceState = validTraceState(traceState);
    }

    /**
     * The context of a {@code traceparent} header ({@code 00-<trace id>-<parent id>-<flags>}), with the
     * caller's {@code tracestate}; null when the header is absent or not valid (W3C says: ignore it).
     */
    public static TraceContext fromTraceparent(String traceparent, String tracestate) {
        if (traceparent == null) {
            return null;
        }
        String value = traceparent.trim();
        // Version 00 is exactly 55 characters; a later version may append fields after a dash.
        if (value.length() < 55 || value.length() > 55 && value.charAt(55) != '-'
                || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return null;
        }
        String version = value.substring(0, 2);
        if (!isHex(version) || version.equals("ff") || version.equals("00") && value.length() != 55) {
            return null;
        }
        String traceId = value.substring(3, 35);
        String spanId = value.substring(36, 52);
        String flags = value.substring(53, 55);
        if (!isId(traceId, 32) || !isId(spanId, 16) || !isHex(flags)) {
            return null;
        }
        boolean sampled = (Integer.parseInt(flags, 16) & 1) == 1;
        return new TraceContext(traceId, spanId, sampled, tracestate, false);
    }

    /**
     * The context of an X-Ray trace header ({@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1},
     * fields in any order); null when it has no valid root, or a parent that is not valid (or none, for the
     * Lambda runtime's header). {@code Sampled} absent or {@code ?} counts as sampled (the decision is ours).
     *
     * @param enclosing true for the Lambda runtime's header of this invocation (see {@link #enclosing})
     */
    public static TraceContext fromXRayHeader(String header, boolean enclosing) {
        if (header == null || header.length() > MAX_XRAY_HEADER) {
            return null;
        }
        String root = null;
        String parent = null;
        boolean sampled = true;
        for (String field : header.split(";")) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = field.substring(0, eq).trim();
            String value = field.substring(eq + 1).trim();
            switch (key) {
                case "Root" -> root = value;
                case "Parent" -> parent = value;
                case "Sampled" -> sampled = !value.equals("0");
                default -> {
                    // Lineage, Self and others: not ours to read
                }
            }
        }
        if (root == null || parent == null && enclosing || root.length() != 35 || !root.startsWith("1-") || root.charAt(10) != '-') {
            return null;
        }
        String traceId = root.substring(2, 10) + root.substring(11);
        if (!isId(traceId, 32) || parent != null && !isId(parent, 16)) {
            return null;
        }
        return new TraceContext(traceId, parent, sampled, null, enclosing);
    }

    /** A new trace, started here: X-Ray wants the first 8 hex digits to be the start time in epoch seconds. */
    public static TraceContext newTrace(long epochSeconds) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String traceId = HEX.toHexDigits((int) epochSeconds) + HEX.toHexDigits(random.nextInt())
                + HEX.toHexDigits(random.nextLong());
        return new TraceContext(traceId, newSpanId(), true, null, false);
    }

    /** A random span id, never all zero. */
    public static String newSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return HEX.toHexDigits(id);
    }

    /** The same trace, with {@code childSpanId} as the parent that the next hop sees. */
    public TraceContext withSpanId(String childSpanId) {
        return new TraceContext(traceId, childSpanId, sampled, traceState, false);
    }

    /** The W3C {@code traceparent} header; only a context with a span id has one. */
    public String traceparent() {
        if (spanId == null) {
            throw new IllegalStateException("a traceparent names a parent span");
        }
        return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
    }

    /** X-Ray's form of the trace id: {@code 1-<8 hex>-<24 hex>}. */
    public String xrayTraceId() {
        return "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8);
    }

    /** The {@code X-Amzn-Trace-Id} header. */
    public String xrayHeader() {
        return "Root=" + xrayTraceId() + (spanId == null ? "" : ";Parent=" + spanId) + ";Sampled=" + (sampled ? "1" : "0");
    }

    private static String validTraceState(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_TRACESTATE) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
        }
        return value.trim();
    }

    private static boolean isId(String text, int length) {
        if (text == null || text.length() != length || !isHex(text)) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) != '0') {
                return true;
            }
        }
        return false;
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
