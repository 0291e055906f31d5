package io.modelfn.core.admin;

import java.util.List;

/** What the validation gate checked and found. */
public record ValidationReport(boolean passed, List<Check> checks) {

    public ValidationReport {
        checks = List.copyOf(checks);
    }

    /** One check: its name (sha256, onnx, signature, session, reference, latency), outcome and detail. */
    public record Check(String name, boolean passed, String detail) {
    }

    /** The failed checks' details, joined: the version's state reason. */
    public String failures() {
        return checks.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail())
                .reduce((a, b) -> a + "; " + b).orElse("");
    }
}
