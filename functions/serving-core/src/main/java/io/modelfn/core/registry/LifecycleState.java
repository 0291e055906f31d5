package io.modelfn.core.registry;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a model version is in its life. Only {@link #canTakeTraffic() validated or later} versions
 * may receive traffic; {@link #FAILED} records why validation or loading refused it.
 */
public enum LifecycleState {
    REGISTERED,
    VALIDATED,
    STAGING,
    PRODUCTION,
    ARCHIVED,
    FAILED;

    private static final Set<LifecycleState> SERVABLE = EnumSet.of(VALIDATED, STAGING, PRODUCTION);

    /** Whether a version in this state may be given a traffic weight or be pinned by a request. */
    public boolean canTakeTraffic() {
        return SERVABLE.contains(this);
    }

    /** The transitions an operator (or the validation gate) may make from this state. */
    public Set<LifecycleState> next() {
        return switch (this) {
            case REGISTERED -> EnumSet.of(VALIDATED, FAILED, ARCHIVED);
            case VALIDATED -> EnumSet.of(STAGING, PRODUCTION, ARCHIVED, FAILED);
            case STAGING -> EnumSet.of(PRODUCTION, VALIDATED, ARCHIVED, FAILED);
            case PRODUCTION -> EnumSet.of(STAGING, ARCHIVED, FAILED);
            case ARCHIVED -> EnumSet.of(VALIDATED);
            case FAILED -> EnumSet.of(REGISTERED, ARCHIVED);
        };
    }

    public boolean canMoveTo(LifecycleState target) {
        return next().contains(target);
    }
}
