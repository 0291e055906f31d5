package io.modelfn.core.alarms;

/** How an alarm compares its value with its threshold, by CloudWatch's name. */
public enum Comparison {
    GREATER_THAN_THRESHOLD("GreaterThanThreshold"),
    GREATER_THAN_OR_EQUAL_TO_THRESHOLD("GreaterThanOrEqualToThreshold"),
    LESS_THAN_THRESHOLD("LessThanThreshold"),
    LESS_THAN_OR_EQUAL_TO_THRESHOLD("LessThanOrEqualToThreshold");

    private final String cloudWatchName;

    Comparison(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    /** The name CloudWatch's API and CloudFormation use. */
    public String cloudWatchName() {
        return cloudWatchName;
    }
}
