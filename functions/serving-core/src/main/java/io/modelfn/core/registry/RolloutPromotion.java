package io.modelfn.core.registry;

import io.modelfn.core.model.ModelKey;
import java.util.List;
import java.util.Objects;

/**
 * What a rollout's promotion replaced, kept in its plan while the promoted version is watched, so a
 * rollback after promotion can restore it exactly.
 *
 * @param previousStable the version the stable variant served before the promotion
 * @param previousAliasVersion the version the rollout's alias named before, or null when the
 *     promotion created the alias
 * @param promotedStateBefore the lifecycle state of the promoted version before the promotion
 * @param demoted the versions (of the same model) the promotion moved from PRODUCTION to STAGING
 */
public record RolloutPromotion(ModelKey previousStable, String previousAliasVersion, LifecycleState promotedStateBefore,
        List<String> demoted) {

    public RolloutPromotion {
        Objects.requireNonNull(previousStable, "previousStable");
        Objects.requireNonNull(promotedStateBefore, "promotedStateBefore");
        demoted = demoted == null ? List.of() : List.copyOf(demoted);
    }
}
