package io.modelfn.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.admin.contract.CheckResult;
import io.modelfn.admin.contract.TensorInfo;
import io.modelfn.admin.contract.VersionInfo;
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
    static String summary(VersionInfo version) {
        String reason = Values.text(version.stateReason());
        return Values.text(version.model()) + " " + Values.text(version.version()) + ": " + Values.text(version.state())
                + (Values.NONE.equals(reason) ? "" : " (" + reason + ")") + ", revision " + Values.text(version.revision());
    }

    /**
     * The S3 object version the registry pinned the artifact to, or {@code none (not pinned)} where the
     * store keeps no versions (a folder, an unversioned bucket) or the version was registered before
     * versions were recorded.
     */
    static String objectVersion(VersionInfo version) {
        return version.artifactVersionId() == null ? "none (not pinned)" : version.artifactVersionId();
    }

    /** Every field of a version, its signature and metrics. */
    static void printDetails(PrintWriter out, VersionInfo version) {
        out.println(Values.text(version.model()) + " " + Values.text(version.version()));
        String reason = Values.text(version.stateReason());
        String createdBy = Values.text(version.createdBy());
        new Details()
                .line("state", Values.text(version.state()) + (Values.NONE.equals(reason) ? "" : " (" + reason + ")"))
                .line("task", Values.text(version.task()))
                .line("artifact", Values.text(version.artifact()))
                .line("s3 version", objectVersion(version))
                .line("sha256", Values.text(version.sha256()))
                .line("size", Values.bytes(version.sizeBytes()) + " (" + version.sizeBytes() + " bytes)")
                .line("created", Values.text(version.createdAt()) + (Values.NONE.equals(createdBy) ? "" : " by " + createdBy))
                .line("revision", Values.text(version.revision()))
                .line("description", version.card() == null ? "" : version.card().path("description").asText(""))
                .printTo(out);

        TextTable signature = TextTable.withColumns("SIGNATURE", "NAME", "DATATYPE", "SHAPE");
        if (version.signature() != null) {
            addTensors(signature, "input", version.signature().inputs());
            addTensors(signature, "output", version.signature().outputs());
        }
        if (!signature.isEmpty()) {
            out.println();
            signature.printTo(out);
        }
        TextTable metrics = TextTable.withColumns("METRIC", "VALUE").rightAligned(1);
        if (version.metrics() != null) {
            version.metrics().properties().forEach(metric -> metrics.row(metric.getKey(), Values.number(metric.getValue())));
        }
        if (!metrics.isEmpty()) {
            out.println();
            metrics.printTo(out);
        }
        out.flush();
    }

    private static void addTensors(TextTable table, String kind, List<TensorInfo> tensors) {
        for (TensorInfo tensor : tensors == null ? List.<TensorInfo>of() : tensors) {
            List<String> dims = new ArrayList<>();
            if (tensor.shape() != null) {
                tensor.shape().forEach(dim -> dims.add(String.valueOf(dim)));
            }
            table.row(kind, Values.text(tensor.name()), Values.text(tensor.datatype()), "[" + String.join(", ", dims) + "]");
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
    static boolean passed(VersionInfo answer) {
        return answer.validation() != null ? answer.validation().passed() : !"FAILED".equals(answer.state());
    }

    /**
     * Prints the answer of register or validate (text or JSON) and fails when validation did not pass.
     *
     * @throws ValidationFailedException when the answer says {@code passed=false}
     */
    static void report(CliSession session, JsonNode answer) {
        VersionInfo version = session.read(answer, VersionInfo.class);
        List<CheckResult> checks = version.validation() == null || version.validation().checks() == null ? List.of()
                : version.validation().checks();
        if (session.json()) {
            session.printJson(answer);
        } else {
            PrintWriter out = session.out();
            out.println(summary(version));
            if (version.artifact() != null) {
                out.println("artifact " + version.artifact() + ", s3 version " + objectVersion(version));
            }
            TextTable table = TextTable.withColumns("CHECK", "RESULT", "DETAIL");
            for (CheckResult check : checks) {
                table.row(Values.text(check.name()), check.passed() ? "pass" : "FAIL", Values.text(check.detail()));
            }
            if (!table.isEmpty()) {
                out.println();
                table.printTo(out);
            }
            out.flush();
        }
        if (!passed(version)) {
            List<String> failed = checks.stream().filter(check -> !check.passed()).map(CheckResult::name).toList();
            throw new ValidationFailedException(Values.text(version.model()) + " " + Values.text(version.version())
                    + " failed validation" + (failed.isEmpty() ? "" : ": " + String.join(", ", failed)));
        }
    }
}
