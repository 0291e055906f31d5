package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An endpoint; {@code alarmLimits} when it sets limits of its own for its releases' alarms; {@code warnings}
 * when its versions barely fit where they run, or its limits do not apply.
 */
public record EndpointInfo(String name, List<VariantInfo> variants, ShadowInfo shadow, String stickySalt, String backend,
        boolean resultCache, RolloutInfo rollout, long revision, String updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> warnings,
        @JsonInclude(JsonInclude.Include.NON_NULL) AlarmLimitsInfo alarmLimits) {

    /** An endpoint without limits of its own. */
    public EndpointInfo(String name, List<VariantInfo> variants, ShadowInfo shadow, String stickySalt, String backend,
            boolean resultCache, RolloutInfo rollout, long revision, String updatedAt, List<String> warnings) {
        this(name, variants, shadow, stickySalt, backend, resultCache, rollout, revision, updatedAt, warnings, null);
    }

    /** The same endpoint with advice about where its versions run (none: no {@code warnings} field). */
    public EndpointInfo withWarnings(List<String> advice) {
        return new EndpointInfo(name, variants, shadow, stickySalt, backend, resultCache, rollout, revision, updatedAt,
                advice == null || advice.isEmpty() ? null : advice, alarmLimits);
    }
}
