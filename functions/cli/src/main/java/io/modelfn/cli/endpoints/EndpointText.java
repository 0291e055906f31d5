package io.modelfn.cli.endpoints;

import io.modelfn.admin.contract.AlarmLimitsInfo;
import io.modelfn.admin.contract.EndpointInfo;
import io.modelfn.admin.contract.RolloutInfo;
import io.modelfn.admin.contract.ShadowInfo;
import io.modelfn.admin.contract.VariantInfo;
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

    /**
     * The whole endpoint: its settings (its own alarm limits when it sets any), a table of variants with
     * weights and shares, its shadow, and the server's warnings.
     */
    public static void printDetails(PrintWriter out, EndpointInfo endpoint) {
        out.println("endpoint " + Values.text(endpoint.name()));
        Details details = new Details()
                .line("revision", Values.text(endpoint.revision()))
                .line("updated", Values.text(endpoint.updatedAt()))
                .line("backend", Values.text(endpoint.backend()))
                .line("result cache", endpoint.resultCache() ? "on" : "off")
                .line("sticky salt", Values.text(endpoint.stickySalt()))
                .line("shadow", shadow(endpoint.shadow()))
                .line("rollout", rollout(endpoint.rollout()));
        if (endpoint.alarmLimits() != null) {
            details.line("alarm limits", alarmLimits(endpoint.alarmLimits()));
        }
        details.printTo(out);
        out.println();
        TextTable variants = TextTable.withColumns("VARIANT", "MODEL", "VERSION", "WEIGHT", "SHARE").rightAligned(3, 4);
        for (VariantInfo variant : list(endpoint.variants())) {
            variants.row(Values.text(variant.name()), Values.text(variant.model()), Values.text(variant.version()),
                    Values.text(variant.weight()), Values.share(variant.weight()));
        }
        variants.printTo(out);
        for (String warning : list(endpoint.warnings())) {
            out.println("warning: " + warning);
        }
    }

    /** {@code max server error rate 0.02, max p99 latency 400 ms; the rest: stage defaults}. */
    static String alarmLimits(AlarmLimitsInfo limits) {
        List<String> parts = new ArrayList<>();
        if (limits.maxServerErrorRate() != null) {
            parts.add("max server error rate " + limits.maxServerErrorRate());
        }
        if (limits.maxP99LatencyMs() != null) {
            parts.add("max p99 latency " + limits.maxP99LatencyMs() + " ms");
        }
        if (limits.minAccuracy() != null) {
            parts.add("min accuracy " + limits.minAccuracy());
        }
        if (limits.minFeedbackSamples() != null) {
            parts.add("min feedback samples " + limits.minFeedbackSamples());
        }
        if (limits.evaluationPeriods() != null) {
            parts.add("evaluation periods " + limits.evaluationPeriods());
        }
        return String.join(", ", parts) + (parts.size() < 5 ? "; the rest: stage defaults" : "");
    }

    /** {@code RUNNING: 1.2.0 at step 2 of 4 (25%), bake 600 s, 100 requests per step}, or {@code none}. */
    static String rollout(RolloutInfo rollout) {
        if (rollout == null) {
            return "none";
        }
        String text = Values.text(rollout.state()) + ": " + Values.text(rollout.canary()) + " at step "
                + (rollout.step() + 1) + " of " + list(rollout.steps()).size() + " ("
                + Values.share(rollout.weight()) + "), bake " + Values.text(rollout.bakeSeconds()) + " s, "
                + Values.text(rollout.minRequests()) + " requests per step"
                + (rollout.watchSeconds() > 0 ? ", watch " + rollout.watchSeconds() + " s after promotion" : "")
                + (rollout.replaced() != null ? " (replaced " + rollout.replaced() + ")" : "");
        String reason = rollout.reason() == null ? "" : rollout.reason();
        return reason.isEmpty() ? text : text + "; " + reason;
    }

    /** {@code stable=iris/1.0.0 90%, canary=iris/1.1.0 10%}. */
    static String variantsInOneLine(List<VariantInfo> variants) {
        List<String> parts = new ArrayList<>();
        for (VariantInfo variant : list(variants)) {
            parts.add(Values.text(variant.name()) + "=" + Values.text(variant.model()) + "/"
                    + Values.text(variant.version()) + " " + Values.share(variant.weight()));
        }
        return String.join(", ", parts);
    }

    /** {@code iris/1.2.0 at 10% of requests}, or {@code none}. */
    static String shadow(ShadowInfo shadow) {
        if (shadow == null) {
            return "none";
        }
        return Values.text(shadow.model()) + "/" + Values.text(shadow.version()) + " at "
                + Values.share(shadow.sampleRate()) + " of requests";
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }
}
