package io.modelfn.api.testing;

import io.modelfn.api.http.HttpPipeline;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.admin.ArtifactStorage;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.admin.UploadTicket;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.inference.store.LocalFolderModelStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's {@link ArtifactStorage} in tests: the configured model folder, with upload tickets
 * that point at {@link FolderUploadResource} on this server and name one version by an opaque token
 * kept in memory. It stands in for S3's pre-signed uploads as the local runner's storage does (whose
 * signed tokens are tested in functions/local); neither ships in the application. Thread-safe.
 */
@Alternative
@Priority(1)
@Singleton
public class FolderArtifactStorage implements ArtifactStorage {

    private final Path root;
    private final String publicUrl;
    private final Clock clock;
    private final LocalFolderModelStore store;
    private final Map<String, ModelKey> tickets = new ConcurrentHashMap<>();

    @Inject
    public FolderArtifactStorage(ModelfnConfig config, Clock clock) {
        this.root = Path.of(config.store().localRoot()).toAbsolutePath().normalize();
        this.publicUrl = config.admin().publicUrl().replaceAll("/$", "");
        this.clock = clock;
        this.store = new LocalFolderModelStore(root);
    }

    @Override
    public UploadTicket prepareUpload(ModelKey key) {
        String token = UUID.randomUUID().toString();
        tickets.put(token, key);
        return new UploadTicket(publicUrl + HttpPipeline.UPLOADS_PREFIX + token, "PUT", Map.of(), locationOf(key).uri(),
                clock.instant().plus(Duration.ofMinutes(15)));
    }

    /** Writes the uploaded bytes for the version the token names. */
    ArtifactLocation receive(String token, InputStream body) {
        ModelKey key = token == null ? null : tickets.get(token);
        if (key == null) {
            throw new InvalidAdminRequestException("invalid upload token");
        }
        Path target = root.resolve(key.name()).resolve(key.version()).resolve("model.onnx").normalize();
        try {
            Files.createDirectories(target.getParent());
            Path part = Files.createTempFile(target.getParent(), "model.onnx", ".part");
            try {
                Files.copy(body, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the upload failed", e);
        }
        return locationOf(key);
    }

    @Override
    public boolean exists(ArtifactLocation location) {
        if (!store.accepts(location)) {
            throw new InvalidAdminRequestException("refusing a location outside the model folder");
        }
        return Files.isRegularFile(root.resolve(location.uri().substring("local:".length())).normalize());
    }

    @Override
    public void delete(ArtifactLocation location) {
        if (!store.accepts(location)) {
            throw new InvalidAdminRequestException("refusing to delete outside the model folder");
        }
        try {
            Files.deleteIfExists(root.resolve(location.uri().substring("local:".length())).normalize());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ArtifactLocation locationOf(ModelKey key) {
        return LocalFolderModelStore.locationOf(key);
    }
}
