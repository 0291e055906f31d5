package io.modelfn.core.rollout;

import io.modelfn.core.registry.AlarmLimits;

/**
 * Where the alarm limits an endpoint sets for itself are read (the registry's endpoint item). Thread-safe;
 * a read that fails throws (the release stays where it is and the next step reads again).
 */
@FunctionalInterface
public interface EndpointLimits {

    /** No endpoint sets its own: the stage's limits for all. */
    EndpointLimits NONE = endpoint -> AlarmLimits.NONE;

    /** The limits {@code endpoint} sets ({@link AlarmLimits#NONE} when none, or when it does not exist). */
    AlarmLimits of(String endpoint);
}
