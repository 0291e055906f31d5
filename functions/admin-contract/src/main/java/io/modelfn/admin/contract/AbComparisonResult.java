package io.modelfn.admin.contract;

/** {@code admin/ab/compare}: two versions on their feedback, with the test and its verdict. */
public record AbComparisonResult(AbSide a, AbSide b, Double z, Double pValue, double effect, Long sampleSizePerVersion, String verdict) {
}
