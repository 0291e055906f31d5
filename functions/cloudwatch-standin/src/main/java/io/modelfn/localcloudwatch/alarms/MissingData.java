package io.modelfn.localcloudwatch.alarms;

/** {@code TreatMissingData}: what a missing datapoint counts as when too few real ones exist. */
public enum MissingData {
    missing, notBreaching, breaching, ignore;

    /** By its CloudWatch name; absent means {@code missing}, CloudWatch's default. */
    public static MissingData of(String name) {
        if (name == null || name.isEmpty()) {
            return missing;
        }
        for (MissingData m : values()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unsupported TreatMissingData '" + name + "'");
    }
}
