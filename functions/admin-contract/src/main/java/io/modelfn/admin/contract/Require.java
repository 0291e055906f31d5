package io.modelfn.admin.contract;

import java.math.BigDecimal;

/** The checks requests share, with the messages an operator reads. */
final class Require {

    private Require() {
    }

    static void text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidAdminCallException("'" + field + "' is required (a string)");
        }
    }

    static void revision(Long revision) {
        if (revision != null && revision < 0) {
            throw new InvalidAdminCallException("'revision' must be a non-negative integer");
        }
    }

    static void positive(BigDecimal number, String field) {
        if (number != null && number.signum() <= 0) {
            throw new InvalidAdminCallException("'" + field + "' must be a positive number");
        }
    }
}
