package io.modelfn.localcloudwatch.alarms;

/** How a datapoint is compared with an alarm's threshold (the static-threshold operators of PutMetricAlarm). */
public enum Comparison {
    GreaterThanThreshold(">"),
    GreaterThanOrEqualToThreshold(">="),
    LessThanThreshold("<"),
    LessThanOrEqualToThreshold("<=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public boolean breaches(double value, double threshold) {
        return switch (this) {
            case GreaterThanThreshold -> value > threshold;
            case GreaterThanOrEqualToThreshold -> value >= threshold;
            case LessThanThreshold -> value < threshold;
            case LessThanOrEqualToThreshold -> value <= threshold;
        };
    }

    public String symbol() {
        return symbol;
    }

    /** By its CloudWatch name; {@link IllegalArgumentException} for anomaly-detection operators and others. */
    public static Comparison of(String name) {
        for (Comparison c : values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unsupported ComparisonOperator '" + name + "'");
    }
}
