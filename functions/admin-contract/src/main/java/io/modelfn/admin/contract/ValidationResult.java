package io.modelfn.admin.contract;

import java.util.List;

/** What the validation gate found. */
public record ValidationResult(boolean passed, List<CheckResult> checks) {
}
