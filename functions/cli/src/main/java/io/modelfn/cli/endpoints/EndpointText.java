package io.modelfn.cli.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.cli.output.Details;
import io.modelfn.cli.output.TextTable;
import io.modelfn.cli.output.Values;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** How an endpoint object reads as text. */
public final class EndpointText {

    private EndpointText() {
    }

    /** The whole endpoint: its settings, a table of variants with weights and shares, its shadow. */
    public static void printDetails(PrintWriter out, JsonNode endpoint) {
        out.println("endpoint " + Values.text(endpoint, "name"));
        new Details()
                .line("revision", Values.text(endpoint, "revision"))
                .line("updated", Values.text(endpoint, "updatedAt"))
                .line("backend", Values.text(endpoint, "backend"))
                .line("result cache", endpoint.path("resultCache").asBoolean(false) ? "on" : "off")
                .line("sticky salt", Values.text(endpoint, "stickySalt"))
                .line("shadow", shadow(endpoint.path("shadow")))
                .line("rollout", rollout(endpoint.path("rollout")))
                .printTo(out);
        out.println();
        TextTable variants = TextTable.withColumns("VARIANT", "MODEL", "VERSION", "WEIGHT", "SHARE").rightAligned(3, 4);
        for (JsonNode variant : endpoint.path("variants")) {
            variants.row(Values.text(variant, "name"), Values.text(variant, "model"), Values.text(variant, "version"),
                    Values.text(variant, "weight"), Values.share(variant.path("weight")));
        }
        variants.printTo(out);
    }

    /** {@code RUNNING: 1.2.0 at step 2 of 4 (25%), bake 600 s, 100 requests per step}, or {@code none}. */
    static String rollout(JsonNode rollout) {
        if (rollout.isMissingNode() || rollout.isNull()) {
            return "none";
        }
        String text = Values.text(rollout, "state") + ": " + Values.text(rollout, "canary") + " at step "
                + (rollout.path("step").asInt() + 1) + " of " + rollout.path("steps").size() + " ("
                + Values.share(rollout.path("weight")) + "), bake " + Values.text(rollout, "bakeSeconds") + " s, "
                + Values.text(rollout, "minRequests") + " requests per step";
        String reason = rollout.path("reason").asText("");
        return reason.isEmpty() ? text : text + "; " + reason;
    }

    /** {@code stable=iris/1.0.0 90%, canary=iris/1.1.0 10%}. */
    static String variantsInOneLine(JsonNode variants) {
        List<String> parts = new ArrayList<>();
        for (JsonNode variant : variants) {
            parts.add(Values.text(variant, "name") + "=" + Values.text(variant, "model") + "/"
                    + Values.text(variant, "version") + " " + Values.share(variant.path("weight")));
        }
        return String.join(", ", parts);
    }

    /** {@code iris/1.2.0 at 10% of requests}, or {@code none}. */
    static String shadow(JsonNode shadow) {
        if (shadow.isMissingNode() || shadow.isNull()) {
            return "none";
        }
        return Values.text(shadow, "model") + "/" + Values.text(shadow, "version") + " at "
                + Values.share(shadow.path("sampleRate")) + " of requests";
    }
}
