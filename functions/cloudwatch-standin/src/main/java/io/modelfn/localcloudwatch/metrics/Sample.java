package io.modelfn.localcloudwatch.metrics;

/** One published value (with how many times it was observed, 1 unless a record gave counts) at a time in epoch milliseconds. */
public record Sample(long timestampMillis, double value, double count) {
}
