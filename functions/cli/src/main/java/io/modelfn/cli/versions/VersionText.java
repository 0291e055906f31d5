package io.modelfn.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.cli.admin.AdminApiException;
import io.modelfn.cli.command.CliSession;
import io.modelfn.cli.output.Details;
import io.modelfn.cli.output.TextTable;
import io.modelfn.cli.output.Values;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** How a version object, and the validation report of register and validate, read as text. */
final class VersionText {

    private VersionText() {
    }

    /** {@code iris 1.1.0: VALIDATED (reason), revision 3}. */
    static String summary(JsonNode version) {
        String reason = Values.text(version, "stateReason");
        return Values.text(version, "model") + " " + Values.text(version, "version") + ": " + Values.text(version, "state")
                + (Values.NONE.equals(reason) ? "" : " (" + reason + ")") + ", revision " + Values.text(version, "revision");
    }

    /** Every field of a version, its signature and metrics. */
    static void printDetails(PrintWriter out, JsonNode version) {
        out.println(Values.text(version, "model") + " " + Values.text(version, "version"));
        String reason = Values.text(version, "stateReason");
        String createdBy = Values.text(version, "createdBy");
        new Details()
                .line("state", Values.text(version, "state") + (Values.NONE.equals(reason) ? "" : " (" + reason + ")"))
                .line("task", Values.text(version, "task"))
                .line("artifact", Values.text(version, "artifact"))
                .line("sha256", Values.text(version, "sha256"))
                .line("size", Values.bytes(version.path("sizeBytes")) + (version.path("sizeBytes").isNumber()
                        ? " (" + version.path("sizeBytes").asLong() + " bytes)" : ""))
                .line("created", Values.text(version, "createdAt") + (Values.NONE.equals(createdBy) ? "" : " by " + createdBy))
                .line("revision", Values.text(version, "revision"))
                .line("description", version.path("card").path("description").asText(""))
                .printTo(out);

        TextTable signature = TextTable.withColumns("SIGNATURE", "NAME", "DATATYPE", "SHAPE");
        addTensors(signature, "input", version.path("signature").path("inputs"));
        addTensors(signature, "output", version.path("signature").path("outputs"));
        if (!signature.isEmpty()) {
            out.println();
            signature.printTo(out);
        }
        TextTable metrics = TextTable.withColumns("METRIC", "VALUE").rightAligned(1);
        version.path("metrics").properties().forEach(metric -> metrics.row(metric.getKey(), Values.number(metric.getValue())));
        if (!metrics.isEmpty()) {
            out.println();
            metrics.printTo(out);
        }
        out.flush();
    }

    private static void addTensors(TextTable table, String kind, JsonNode tensors) {
        for (JsonNode tensor : tensors) {
            List<String> dims = new ArrayList<>();
            tensor.path("shape").forEach(dim -> dims.add(dim.asText()));
            table.row(kind, Values.text(tensor, "name"), Values.text(tensor, "datatype"), "[" + String.join(", ", dims) + "]");
        }
    }

    /**
     * Register or validate answered a failed validation as an error (HTTP 422 carrying the version and
     * its {@code validation} report): the same answer as a successful call that did not pass, so it is
     * printed and exits as one. Any other error is rethrown.
     */
    static JsonNode failedValidation(AdminApiException failure) {
        JsonNode body = failure.body().orElse(null);
        if (failure.status() != 422 || body == null || !body.path("validation").isObject()) {
            throw failure;
        }
        ObjectNode answer = body.path("version").isObject() ? ((ObjectNode) body.path("version")).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        answer.set("validation", body.path("validation"));
        return answer;
    }

    /** Whether register or validate passed: {@code validation.passed}, else a state other than FAILED. */
    static boolean passed(JsonNode answer) {
        JsonNode passed = answer.path("validation").path("passed");
        return passed.isBoolean() ? passed.asBoolean() : !"FAILED".equals(answer.path("state").asText());
    }

    /**
     * Prints the answer of register or validate (text or JSON) and fails when validation did not pass.
     *
     * @throws ValidationFailedException when the answer says {@code passed=false}
     */
    static void report(CliSession session, JsonNode answer) {
        if (session.json()) {
            session.printJson(answer);
        } else {
            PrintWriter out = session.out();
            out.println(summary(answer));
            TextTable checks = TextTable.withColumns("CHECK", "RESULT", "DETAIL");
            for (JsonNode check : answer.path("validation").path("checks")) {
                checks.row(Values.text(check, "name"), check.path("passed").asBoolean() ? "pass" : "FAIL",
                        Values.text(check, "detail"));
            }
            if (!checks.isEmpty()) {
                out.println();
                checks.printTo(out);
            }
            out.flush();
        }
        if (!passed(answer)) {
            List<String> failed = new ArrayList<>();
            for (JsonNode check : answer.path("validation").path("checks")) {
                if (!check.path("passed").asBoolean()) {
                    failed.add(check.path("name").asText());
                }
            }
            throw new ValidationFailedException(Values.text(answer, "model") + " " + Values.text(answer, "version")
                    + " failed validation" + (failed.isEmpty() ? "" : ": " + String.join(", ", failed)));
        }
    }
}
