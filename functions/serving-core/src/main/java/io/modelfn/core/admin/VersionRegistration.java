package io.modelfn.core.admin;

import static io.modelfn.core.admin.AdminNames.abbreviate;
import static io.modelfn.core.admin.AdminNames.key;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.inference.ModelLoadException;
import io.modelfn.core.model.InvalidModelCardException;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelCardReader;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.IllegalTransitionException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.VersionRecord;
import io.modelfn.core.store.ArtifactNotFoundException;
import io.modelfn.core.store.ModelStore;
import io.modelfn.core.store.OpenedArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * How a version enters the registry: an upload ticket, then registration from the configured bucket
 * or folder through the validation gate (and validation again of a REGISTERED or FAILED version).
 *
 * <p>Model sources are limited to the configured bucket and prefix (or folder): {@code http(s)://},
 * {@code file://}, other buckets and {@code ..} paths are refused before anything is fetched. Only
 * the gate makes a version VALIDATED, the state in which it may take traffic.
 *
 * <p>Artifacts are pinned: a version records the S3 object version of exactly the bytes the gate
 * read, and every later read (the model cache, validation again) asks for that object version, so an
 * object written over the key later changes nothing that is served. A store that keeps no versions (a
 * folder, an unversioned bucket) records none and reads whatever the key holds, checked against the
 * registered sha256. Artifact keys are immutable besides: no upload is prepared for a key that a
 * registered version uses or that holds an object, and no version is registered from another
 * version's key.
 *
 * <p>Thread-safe.
 */
public final class VersionRegistration {

    private static final long MAX_ARTIFACT_BYTES = 10L * 1024 * 1024 * 1024;

    private final ModelRegistry registry;
    private final ModelStore store;
    private final ArtifactStorage storage;
    private final ValidationGate gate;
    private final Path workDir;
    private final Clock clock;
    private final PlacementPolicy placement;
    private final VersionUsage usage;
    private final ModelCardReader cards = new ModelCardReader(Json.MAPPER);

    public VersionRegistration(ModelRegistry registry, ModelStore store, ArtifactStorage storage, ValidationGate gate,
            Path workDir, Clock clock) {
        this(registry, store, storage, gate, workDir, clock, PlacementPolicy.UNLIMITED);
    }

    /** @param placement what the serving function can hold, for the advice given on registration */
    public VersionRegistration(ModelRegistry registry, ModelStore store, ArtifactStorage storage, ValidationGate gate,
            Path workDir, Clock clock, PlacementPolicy placement) {
        this.registry = registry;
        this.store = store;
        this.storage = storage;
        this.gate = gate;
        this.workDir = workDir;
        this.clock = clock;
        this.placement = placement;
        this.usage = new VersionUsage(registry);
    }

    /** The outcome of a registration or validation that passed. */
    public record Registration(VersionRecord version, ValidationReport report) {
    }

    /**
     * An upload ticket for the version's own key.
     *
     * @throws ConflictException when the version is registered, when a registered version's artifact
     *     lives at that key, or when an object is stored there already: artifact keys are immutable
     */
    public UploadTicket prepareUpload(String model, String version) {
        ModelKey key = key(model, version);
        if (registry.version(key).isPresent()) {
            throw new ConflictException(key + " is already registered and its artifact is immutable; "
                    + "upload under a new version");
        }
        ArtifactLocation target = storage.locationOf(key);
        requireKeyUnused(target);
        if (storage.exists(target)) {
            throw new ConflictException("an object is already stored at " + target.uri() + " and artifact keys are "
                    + "immutable; register it as it is, or upload under a new version");
        }
        return storage.prepareUpload(key);
    }

    /**
     * Registers a version from an artifact already in the configured bucket or folder, then runs the
     * validation gate: the version ends VALIDATED (returned) or FAILED (thrown, with the report).
     *
     * @param source the artifact location ({@code s3://bucket/...} or {@code local:...}), optionally with
     *     {@code ?versionId=<id>} to register that S3 object version rather than the current one
     * @param cardJson the model card
     * @param reference reference vectors to reproduce, or null
     * @param latencyBudgetMs the p50 latency budget, or null
     * @throws InvalidAdminRequestException for refused sources and invalid cards
     * @throws ConflictException when the version is already registered, or the source is another
     *     registered version's artifact key
     * @throws ValidationFailedException when the version failed the gate (it is stored FAILED)
     */
    public Registration register(String model, String version, String source, JsonNode cardJson, JsonNode reference,
            Double latencyBudgetMs, Change change) {
        ModelKey key = key(model, version);
        ModelCard card = card(cardJson, key);
        ReferenceSuite suite = reference == null || reference.isNull() ? null : ReferenceSuite.parse(reference);
        ArtifactLocation location = allowedSource(source);
        if (registry.version(key).isPresent()) {
            throw new ConflictException(key + " is already registered; register a new version");
        }
        requireKeyUnused(location);
        try (Download download = download(location)) {
            ArtifactLocation pinned = new ArtifactLocation(location.uri(), download.versionId);
            ModelVersion registered = new ModelVersion(key, pinned, download.sha256, download.size, card.signature(),
                    LifecycleState.REGISTERED, card.task(), card.labels(), card.features(), clock.instant());
            VersionRecord record = registry.createVersion(registered, cardJson.toString(), change);
            return gateAndRecord(record, card, download, suite, latencyBudgetMs, change);
        }
    }

    /** Runs the validation gate again on a REGISTERED or FAILED version (e.g. with reference vectors). */
    public Registration validate(String model, String version, JsonNode reference, Double latencyBudgetMs, Change change) {
        VersionRecord record = usage.existing(key(model, version));
        LifecycleState state = record.version().state();
        if (state != LifecycleState.REGISTERED && state != LifecycleState.FAILED) {
            throw new IllegalTransitionException(record.version().key() + " is " + state
                    + "; only REGISTERED or FAILED versions are validated again");
        }
        ModelCard card = cards.read(record.cardJson().getBytes(StandardCharsets.UTF_8));
        ReferenceSuite suite = reference == null || reference.isNull() ? null : ReferenceSuite.parse(reference);
        if (state == LifecycleState.FAILED) {
            record = registry.transition(record.version().key(), LifecycleState.REGISTERED, "validating again",
                    record.revision(), change);
        }
        try (Download download = download(record.version().artifact())) {
            return gateAndRecord(record, card, download, suite, latencyBudgetMs, change);
        }
    }

    private Registration gateAndRecord(VersionRecord record, ModelCard card, Download download, ReferenceSuite suite,
            Double latencyBudgetMs, Change change) {
        ValidationReport report = gate.validate(record.version().key(), download.file, download.sha256, download.size,
                card, suite, latencyBudgetMs);
        LifecycleState outcome = report.passed() ? LifecycleState.VALIDATED : LifecycleState.FAILED;
        String reason = report.passed() ? "passed validation" : report.failures();
        VersionRecord stored = registry.transition(record.version().key(), outcome, reason, record.revision(), change);
        if (!report.passed()) {
            throw new ValidationFailedException(stored, report);
        }
        return new Registration(stored, report);
    }

    private ModelCard card(JsonNode cardJson, ModelKey key) {
        if (cardJson == null || !cardJson.isObject()) {
            throw new InvalidAdminRequestException("'card' (the model.json object) is required");
        }
        ModelCard card;
        try {
            card = cards.read(cardJson);
        } catch (InvalidModelCardException e) {
            throw new InvalidAdminRequestException(e.getMessage());
        }
        if (!card.key().equals(key)) {
            throw new InvalidAdminRequestException("the card describes " + card.key() + ", not " + key);
        }
        return card;
    }

    /** The location of a registration source, if it is inside the configured bucket or folder. */
    ArtifactLocation allowedSource(String source) {
        if (source == null || source.isBlank()) {
            throw new InvalidAdminRequestException("'source' is required: the location admin/uploads/prepare returned, "
                    + "or an object in the model bucket");
        }
        ArtifactLocation location = ArtifactLocation.parse(source);
        String scheme = location.scheme();
        if (!scheme.equals("s3") && !scheme.equals("local") || !store.accepts(location)) {
            throw new InvalidAdminRequestException("model source '" + abbreviate(source) + "' is refused: models are "
                    + "registered only from " + store.describe() + " (upload with admin/uploads/prepare)");
        }
        return location;
    }

    private void requireKeyUnused(ArtifactLocation location) {
        usage.artifactKeyUser(location).ifPresent(user -> {
            throw new ConflictException(location.uri() + " holds the artifact of " + user
                    + " and artifact keys are immutable; upload under a new version");
        });
    }

    /** Copies the artifact to a folder of its own, hashing it, and notes the object version it read. */
    private Download download(ArtifactLocation location) {
        Path folder;
        try {
            Files.createDirectories(workDir);
            folder = Files.createTempDirectory(workDir, "validate-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a validation folder", e);
        }
        Path file = folder.resolve("model.onnx");
        MessageDigest sha = sha256();
        long size = 0;
        String versionId;
        try (OpenedArtifact opened = store.openWithVersion(location); OutputStream out = Files.newOutputStream(file)) {
            versionId = opened.versionId();
            if (location.versionId() != null && !location.versionId().equals(versionId)) {
                throw new InvalidAdminRequestException("object version " + abbreviate(location.versionId()) + " of "
                        + location.uri() + " was asked for, but " + store.describe() + (versionId == null
                                ? " keeps no object versions; register it without a version id"
                                : " answered version " + abbreviate(versionId)));
            }
            InputStream in = opened.stream();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
                size += n;
                if (size > MAX_ARTIFACT_BYTES) {
                    throw new InvalidAdminRequestException("artifact is larger than " + MAX_ARTIFACT_BYTES + " bytes");
                }
            }
        } catch (ArtifactNotFoundException e) {
            deleteQuietly(folder);
            throw new InvalidAdminRequestException("no artifact at " + abbreviate(location.toString()) + ": upload it first");
        } catch (IOException e) {
            deleteQuietly(folder);
            throw new ModelLoadException("reading the artifact failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(folder);
            throw e;
        }
        return new Download(folder, file, HexFormat.of().formatHex(sha.digest()), size, versionId);
    }

    /** @param versionId the object version read, or null where the store keeps none */
    private record Download(Path folder, Path file, String sha256, long size, String versionId)
            implements AutoCloseable {
        @Override
        public void close() {
            deleteQuietly(folder);
        }
    }

    /** A warning when a version is too large, or nearly, to run in the function; null when it fits. */
    public String placementAdvice(ModelVersion version) {
        return placement.advice(version);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder is harmless
        }
    }

}
