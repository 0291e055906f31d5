package io.modelfn.core.notice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * What a person is told about one rollback: which endpoint (or function alias) was rolled back, from
 * what to what, the alarm that caused it and its reason, and when. Rendered as a subject line and a
 * JSON message (no request payloads: only names, versions and the alarm's own words).
 *
 * @param action the outcome's action ({@code ROLLED_BACK} or {@code ALIAS_RESET})
 * @param endpoint the endpoint rolled back, or null for a function alias
 * @param function {@code <function>:<alias>} whose weights were reset, or null for an endpoint
 * @param rolledBack what stopped taking traffic (a model version {@code iris/1.1.0}, or a function's
 *     additional version)
 * @param restored what takes the traffic now
 * @param alias the model alias and the version it points at after the rollback
 *     ({@code production -> 1.0.0}), or null when none is known
 * @param alarm the alarm whose state change caused the rollback, or null when it was not an alarm event
 * @param alarmReason CloudWatch's reason for the alarm's state, or null
 * @param detail what the rollout function said it did
 * @param at when the rollback was performed
 */
public record RollbackNotice(String action, String endpoint, String function, String rolledBack, String restored,
        String alias, String alarm, String alarmReason, String detail, Instant at) {

    /** SNS takes subjects of at most this many characters. */
    public static final int MAX_SUBJECT = 100;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public RollbackNotice {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(at, "at");
        if (endpoint == null && function == null) {
            throw new IllegalArgumentException("a rollback notice names an endpoint or a function");
        }
    }

    /**
     * One line, printable ASCII only (SNS refuses line breaks and control characters in a subject), at
     * most {@value #MAX_SUBJECT} characters: {@code modelfn rollback: endpoint iris, iris/1.1.0 -> iris/1.0.0}.
     */
    public String subject() {
        String what = endpoint != null ? "endpoint " + endpoint : "function " + function;
        String full = "modelfn rollback: " + what + (rolledBack != null && restored != null
                ? ", " + rolledBack + " -> " + restored : "");
        StringBuilder clean = new StringBuilder(full.length());
        for (char c : full.toCharArray()) {
            clean.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return clean.length() <= MAX_SUBJECT ? clean.toString() : clean.substring(0, MAX_SUBJECT - 3) + "...";
    }

    /** The message: one JSON object, fields without a value left out. */
    public String message() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("type", "modelfn.rollback");
        root.put("action", action);
        put(root, "endpoint", endpoint);
        put(root, "function", function);
        put(root, "rolledBack", rolledBack);
        put(root, "restored", restored);
        put(root, "alias", alias);
        if (alarm != null) {
            ObjectNode alarmNode = root.putObject("alarm");
            alarmNode.put("name", alarm);
            put(alarmNode, "reason", alarmReason);
        }
        put(root, "detail", detail);
        root.put("at", at.toString());
        return root.toString();
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
