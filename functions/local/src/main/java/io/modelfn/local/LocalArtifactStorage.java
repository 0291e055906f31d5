package io.modelfn.local;

import io.modelfn.api.http.HttpPipeline;
import io.modelfn.core.admin.ArtifactStorage;
import io.modelfn.core.admin.UploadTicket;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.protocol.PayloadTooLargeException;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.inference.store.LocalFolderModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The admin side of the local model folder, playing the part S3's pre-signed uploads play in AWS:
 * an upload ticket is a URL on this server carrying an HMAC-signed, short-lived token that names
 * one version; the bytes go to {@code <root>/<name>/<version>/model.onnx}. The signing key lives
 * only in this process's memory. The local runner's only (wired by {@link LocalAdminBeans}); never part of
 * a Lambda or container artifact, where S3's pre-signed uploads do this. Thread-safe.
 */
public final class LocalArtifactStorage implements ArtifactStorage {

    static final Duration VALIDITY = Duration.ofMinutes(15);
    static final long MAX_BYTES = 2L * 1024 * 1024 * 1024;

    private final Path root;
    private final String publicUrl;
    private final LocalFolderModelStore store;
    private final Clock clock;
    private final byte[] key = new byte[32];

    public LocalArtifactStorage(Path root, String publicUrl, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.store = new LocalFolderModelStore(this.root);
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    @Override
    public UploadTicket prepareUpload(ModelKey modelKey) {
        Instant expires = clock.instant().plus(VALIDITY);
        String payload = modelKey.name() + "/" + modelKey.version() + "/" + expires.getEpochSecond();
        String token = encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + encode(sign(payload));
        return new UploadTicket(publicUrl + HttpPipeline.UPLOADS_PREFIX + token, "PUT", Map.of(),
                locationOf(modelKey).uri(), expires);
    }

    /**
     * Writes an uploaded artifact for the version the token names; never over a file already there
     * (artifact keys are immutable, and a folder keeps no earlier versions to fall back on).
     *
     * @throws ConflictException when the version's file exists (a second upload with the same ticket)
     */
    public ArtifactLocation receive(String token, InputStream body) {
        ModelKey modelKey = verify(token);
        Path target = folder(modelKey).resolve("model.onnx");
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw alreadyStored(modelKey);
        }
        try {
            Files.createDirectories(target.getParent());
            Path part = Files.createTempFile(target.getParent(), "model.onnx", ".part");
            try {
                try (OutputStream out = Files.newOutputStream(part)) {
                    byte[] buffer = new byte[1 << 16];
                    long size = 0;
                    for (int n; (n = body.read(buffer)) > 0; ) {
                        size += n;
                        if (size > MAX_BYTES) {
                            throw new PayloadTooLargeException(MAX_BYTES);
                        }
                        out.write(buffer, 0, n);
                    }
                }
                // A hard link fails if the target exists, where a rename would replace it.
                Files.createLink(target, part);
            } catch (FileAlreadyExistsException e) {
                throw alreadyStored(modelKey);
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the upload failed", e);
        }
        return locationOf(modelKey);
    }

    private ConflictException alreadyStored(ModelKey modelKey) {
        return new ConflictException(locationOf(modelKey).uri() + " is already uploaded and artifact keys are "
                + "immutable; register it as it is, or upload under a new version");
    }

    ModelKey verify(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            throw new InvalidAdminRequestException("invalid upload token");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidAdminRequestException("invalid upload token");
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(sign(text), signature)) {
            throw new InvalidAdminRequestException("invalid upload token");
        }
        String[] parts = text.split("/");
        if (parts.length != 3 || Instant.ofEpochSecond(Long.parseLong(parts[2])).isBefore(clock.instant())) {
            throw new InvalidAdminRequestException("the upload token has expired; prepare the upload again");
        }
        return new ModelKey(parts[0], parts[1]);
    }

    /** Whether the folder holds a file at the location (a folder keeps one version per key). */
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
        String relative = location.uri().substring("local:".length());
        try {
            Files.deleteIfExists(root.resolve(relative).normalize());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ArtifactLocation locationOf(ModelKey modelKey) {
        return LocalFolderModelStore.locationOf(modelKey);
    }

    private Path folder(ModelKey modelKey) {
        Path folder = root.resolve(modelKey.name()).resolve(modelKey.version()).normalize();
        if (!folder.startsWith(root)) {
            throw new InvalidAdminRequestException("refusing a path outside the model folder");
        }
        return folder;
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
