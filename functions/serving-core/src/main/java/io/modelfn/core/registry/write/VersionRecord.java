package io.modelfn.core.registry.write;

import io.modelfn.core.registry.ModelVersion;
import java.time.Instant;

/**
 * A version as the admin side sees it: the serving view, the full card, why it is in its state,
 * and the revision that guards concurrent writers.
 *
 * @param cardJson the card as registered (model.json), training parameters and lineage included
 * @param stateReason why the version is in its state (validation failures, archive reason), or empty
 * @param revision increases with every write of the version item
 */
public record VersionRecord(ModelVersion version, String cardJson, String stateReason, String createdBy,
        Instant updatedAt, long revision) {
}
