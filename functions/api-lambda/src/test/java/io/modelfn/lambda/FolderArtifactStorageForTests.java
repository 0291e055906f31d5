package io.modelfn.lambda;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.testing.FolderArtifactStorage;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The api tests' model-folder {@link io.modelfn.core.admin.ArtifactStorage}, made a bean of these
 * tests too: they serve models from a folder ({@code modelfn.store.type=local}), where the function's
 * own storage, pre-signed S3 uploads, cannot be built. The admin functions need one to start at all.
 */
@Alternative
@Priority(1)
@Singleton
public class FolderArtifactStorageForTests extends FolderArtifactStorage {

    @Inject
    public FolderArtifactStorageForTests(ModelfnConfig config, Clock clock) {
        super(config, clock);
    }
}
