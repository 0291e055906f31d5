package io.modelfn.local;

import io.modelfn.api.admin.AdminBeans;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.admin.ArtifactStorage;
import io.modelfn.core.store.ModelStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local runner's artifact storage: the model folder, with uploads through this server
 * ({@link LocalArtifactStorage}, {@link LocalUploadResource}), in place of the pre-signed S3 uploads the
 * admin function has in AWS. With {@code modelfn.store.type=s3} (an S3 emulator) the runner keeps the
 * S3 storage, as before.
 */
@ApplicationScoped
public class LocalAdminBeans {

    /** The folder's upload receiver, present only while the runner stores models in a folder. */
    public record Uploads(Optional<LocalArtifactStorage> folder) {
    }

    @Produces
    @Singleton
    Uploads uploads(ModelfnConfig config, Clock clock) {
        var store = config.store();
        return new Uploads("local".equals(store.type())
                ? Optional.of(new LocalArtifactStorage(Path.of(store.localRoot()), config.admin().publicUrl(), clock))
                : Optional.empty());
    }

    @Produces
    @Singleton
    @Alternative
    @Priority(10)
    ArtifactStorage artifactStorage(Uploads uploads, ModelfnConfig config, ModelStore store, Instance<S3Client> s3,
            Clock clock) {
        return uploads.folder().<ArtifactStorage>map(folder -> folder)
                .orElseGet(() -> AdminBeans.s3ArtifactStorage(config, store, s3.get(), clock));
    }
}
