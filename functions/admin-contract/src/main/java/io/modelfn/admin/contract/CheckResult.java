package io.modelfn.admin.contract;

/** One check of the validation gate. */
public record CheckResult(String name, boolean passed, String detail) {
}
