package io.modelfn.lambda.direct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An event's request headers as Quarkus's HTTP bridge (3.32) hands them to the application, so that the
 * direct path reads the same values and checks the same size: a header API Gateway joined with commas is
 * split into one value per comma (but {@code access-control-request-headers}), the cookies become one
 * {@code Cookie} header joined with {@code ;}, a missing {@code Host} becomes {@code localhost}, and a request
 * with a body gets {@code transfer-encoding: chunked}. Lookups ignore case and answer the first value.
 */
final class BridgedHeaders {

    private static final String KEPT_WHOLE = "access-control-request-headers";

    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    private BridgedHeaders() {
    }

    static BridgedHeaders of(GatewayEvent event) {
        BridgedHeaders bridged = new BridgedHeaders();
        Map<String, String> headers = event.headers();
        if (headers != null) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                String value = header.getValue();
                if (value == null) {
                    continue;
                }
                if (KEPT_WHOLE.equalsIgnoreCase(header.getKey())) {
                    bridged.add(header.getKey(), value);
                    continue;
                }
                for (String part : value.split(",")) {
                    bridged.add(header.getKey(), part);
                }
            }
        }
        if (event.cookies() != null) {
            bridged.add("Cookie", String.join(";", event.cookies()));
        }
        if (bridged.first("Host") == null) {
            bridged.add("Host", "localhost");
        }
        if (event.body() != null) {
            bridged.add("transfer-encoding", "chunked");
        }
        return bridged;
    }

    private void add(String name, String value) {
        names.add(name);
        values.add(value);
    }

    /**
     * Whether every name and value is printable ASCII (or a tab in a value): what the bridge hands on
     * unchanged. Anything else is left to the bridge, whose HTTP layer decides what it makes of it.
     */
    boolean plain() {
        for (int i = 0; i < names.size(); i++) {
            if (!printable(names.get(i), false) || !printable(values.get(i), true)) {
                return false;
            }
        }
        return true;
    }

    private static boolean printable(String text, boolean tab) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 || c > 0x7e) && !(tab && c == '\t')) {
                return false;
            }
        }
        return true;
    }

    /** The first value of the header {@code name} (any case), or null. */
    String first(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** The size the HTTP pipeline counts: each value's name and value, plus four bytes. */
    long size() {
        long size = 0;
        for (int i = 0; i < names.size(); i++) {
            size += names.get(i).length() + values.get(i).length() + 4;
        }
        return size;
    }
}
