package io.modelfn.admin.contract;

/** Precision, recall and F1 of one class. */
public record ClassScore(String label, double precision, double recall, double f1, long support) {
}
