package io.modelfn.core.tracing.xray;

import java.util.Map;

/**
 * Writes a request's spans as one X-Ray segment document: the request span (a segment, or under Lambda
 * an independent subsegment of the function's segment, {@code "type":"subsegment"}) with its steps as
 * nested {@code subsegments}. Statuses map as X-Ray's do: 4xx {@code error}, 429 also {@code throttle},
 * 5xx {@code fault}. A span still open when the request ends is sent {@code in_progress}.
 */
final class SegmentDocument {

    private SegmentDocument() {
    }

    static String write(XRaySpan request) {
        StringBuilder json = new StringBuilder(512);
        json.append('{');
        field(json, "name", request.name).append(',');
        field(json, "id", request.id).append(',');
        field(json, "trace_id", request.trace.xrayTraceId());
        if (request.parentId != null) {
            json.append(',');
            field(json, "parent_id", request.parentId);
        }
        if (request.subsegmentOfRuntime) {
            json.append(",\"type\":\"subsegment\"");
        }
        body(json, request);
        json.append('}');
        return json.toString();
    }

    private static void body(StringBuilder json, XRaySpan span) {
        seconds(json.append(",\"start_time\":"), span.startSeconds());
        if (span.ended()) {
            seconds(json.append(",\"end_time\":"), span.endSeconds());
        } else {
            json.append(",\"in_progress\":true");
        }
        switch (span.kind) {
            case REMOTE -> json.append(",\"namespace\":\"remote\"");
            case AWS -> json.append(",\"namespace\":\"aws\"");
            case INTERNAL -> {
            }
        }
        int status = span.status();
        if (status >= 400 && status < 500) {
            json.append(",\"error\":true");
            if (status == 429) {
                json.append(",\"throttle\":true");
            }
        } else if (status >= 500) {
            json.append(",\"fault\":true");
        }
        if (status > 0) {
            json.append(",\"http\":{\"response\":{\"status\":").append(status).append("}}");
        }
        Map<String, String> annotations = span.annotations();
        if (!annotations.isEmpty()) {
            json.append(",\"annotations\":{");
            boolean first = true;
            for (var annotation : annotations.entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                field(json, annotation.getKey(), annotation.getValue());
            }
            json.append('}');
        }
        var children = span.children();
        if (!children.isEmpty()) {
            json.append(",\"subsegments\":[");
            for (int i = 0; i < children.size(); i++) {
                XRaySpan child = children.get(i);
                if (i > 0) {
                    json.append(',');
                }
                json.append('{');
                field(json, "name", child.name).append(',');
                field(json, "id", child.id);
                body(json, child);
                json.append('}');
            }
            json.append(']');
        }
    }

    /** Epoch seconds with six decimals (microseconds), written without String.format. */
    private static void seconds(StringBuilder json, double epochSeconds) {
        long micros = Math.round(epochSeconds * 1e6);
        String fraction = Long.toString(micros % 1_000_000);
        json.append(micros / 1_000_000).append('.');
        for (int i = fraction.length(); i < 6; i++) {
            json.append('0');
        }
        json.append(fraction);
    }

    private static StringBuilder field(StringBuilder json, String key, String value) {
        string(json, key).append(':');
        return string(json, value);
    }

    private static StringBuilder string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
