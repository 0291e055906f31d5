package io.modelfn.localcloudwatch.alarms;

/** The three states of a CloudWatch alarm; every alarm starts in INSUFFICIENT_DATA. */
public enum AlarmState {
    OK, ALARM, INSUFFICIENT_DATA
}
