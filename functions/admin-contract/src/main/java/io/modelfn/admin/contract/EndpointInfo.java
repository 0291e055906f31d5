package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An endpoint; {@code warnings} when its versions barely fit where they run. */
public record EndpointInfo(String name, List<VariantInfo> variants, ShadowInfo shadow, String stickySalt, String backend,
        boolean resultCache, RolloutInfo rollout, long revision, String updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> warnings) {

    /** The same endpoint with advice about where its versions run (none: no {@code warnings} field). */
    public EndpointInfo withWarnings(List<String> advice) {
        return new EndpointInfo(name, variants, shadow, stickySalt, backend, resultCache, rollout, revision, updatedAt,
                advice == null || advice.isEmpty() ? null : advice);
    }
}
