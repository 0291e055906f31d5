package io.modelfn.core.alarms;

/** How an alarm treats a period without data, by CloudWatch's name. */
public enum MissingData {
    NOT_BREACHING("notBreaching"),
    BREACHING("breaching"),
    IGNORE("ignore"),
    MISSING("missing");

    private final String cloudWatchName;

    MissingData(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    /** The name CloudWatch's API and CloudFormation use. */
    public String cloudWatchName() {
        return cloudWatchName;
    }
}
