package io.modelfn.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.backend.Backend;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.inference.ModelLoadException;
import io.modelfn.core.model.InvalidModelCardException;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelCardReader;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.IllegalTransitionException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.Mutation;
import io.modelfn.core.registry.write.VersionRecord;
import io.modelfn.core.store.ArtifactNotFoundException;
import io.modelfn.core.store.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What operators do to the registry: register versions through the validation gate, move them
 * through their lifecycle, point aliases, set endpoints' variants and weights, compare, archive
 * and clean up. Every rule lives here; the HTTP functions only map requests to these calls.
 *
 * <p>Rules worth knowing:
 * <ul>
 *   <li>Model sources are limited to the configured bucket and prefix (or folder): {@code http(s)://},
 *       {@code file://}, other buckets and {@code ..} paths are refused before anything is fetched.</li>
 *   <li>Only a version that passed validation (VALIDATED, STAGING or PRODUCTION) can take traffic,
 *       be pinned by an alias or be promoted.</li>
 *   <li>A model has at most one PRODUCTION version: promotion demotes the previous one in the same
 *       transaction that moves the alias.</li>
 *   <li>A version an alias or endpoint uses is never archived, failed or deleted.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class AdminService {

    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern BACKEND = Pattern.compile("lambda|sagemaker:[A-Za-z0-9](-*[A-Za-z0-9]){0,62}|http:https?://[^\\s]{1,500}");
    private static final long MAX_ARTIFACT_BYTES = 10L * 1024 * 1024 * 1024;

    private final ModelRegistry registry;
    private final ModelStore store;
    private final ArtifactStorage storage;
    private final ValidationGate gate;
    private final Path workDir;
    private final Clock clock;
    private final ModelCardReader cards = new ModelCardReader(Json.MAPPER);

    private final PlacementPolicy placement;

    public AdminService(ModelRegistry registry, ModelStore store, ArtifactStorage storage, ValidationGate gate,
            Path workDir, Clock clock) {
        this(registry, store, storage, gate, workDir, clock, PlacementPolicy.UNLIMITED);
    }

    /** @param placement what the serving function can hold; endpoints it cannot run get a remote backend */
    public AdminService(ModelRegistry registry, ModelStore store, ArtifactStorage storage, ValidationGate gate,
            Path workDir, Clock clock, PlacementPolicy placement) {
        this.placement = placement;
        this.registry = registry;
        this.store = store;
        this.storage = storage;
        this.gate = gate;
        this.workDir = workDir;
        this.clock = clock;
    }

    /** The outcome of a registration or validation that passed. */
    public record Registration(VersionRecord version, ValidationReport report) {
    }

    /** The outcome of a promotion. */
    public record Promotion(VersionRecord version, AliasRecord alias, String demoted) {
    }

    /** Two versions side by side. */
    public record Comparison(VersionRecord a, VersionRecord b, List<MetricDelta> metrics, boolean signatureEqual,
            List<String> differences) {
    }

    /** One metric of two versions; a or b is null when only one version has it. */
    public record MetricDelta(String name, Double a, Double b, Double delta) {
    }

    /** What a clean-up deleted (or would delete, on a dry run) and kept. */
    public record Cleanup(List<String> deleted, List<String> kept) {
    }

    /** A model and where it stands. */
    public record ModelSummary(String name, int versions, String production, Map<String, String> aliases) {
    }

    /** A model with its versions, aliases and the endpoints that use it. */
    public record ModelDetails(String name, List<VersionRecord> versions, List<AliasRecord> aliases, List<String> endpoints) {
    }

    // ------------------------------------------------------------------------------ reading

    public List<ModelSummary> models() {
        List<ModelSummary> summaries = new ArrayList<>();
        for (String name : registry.models()) {
            List<VersionRecord> versions = registry.versions(name);
            Map<String, String> aliases = new LinkedHashMap<>();
            registry.aliases(name).forEach(a -> aliases.put(a.alias(), a.version()));
            String production = versions.stream().filter(v -> v.version().state() == LifecycleState.PRODUCTION)
                    .map(v -> v.version().key().version()).findFirst().orElse(null);
            summaries.add(new ModelSummary(name, versions.size(), production, aliases));
        }
        return summaries;
    }

    public ModelDetails describeModel(String model) {
        List<VersionRecord> versions = registry.versions(model);
        if (versions.isEmpty()) {
            throw new VersionNotFoundException("model '" + abbreviate(model) + "' is not registered");
        }
        List<String> endpoints = registry.endpoints().stream()
                .filter(e -> referencedModels(e).contains(model)).map(EndpointConfig::name).toList();
        return new ModelDetails(model, versions, registry.aliases(model), endpoints);
    }

    public VersionRecord describeVersion(String model, String version) {
        return existing(key(model, version));
    }

    public List<EndpointConfig> endpoints() {
        return registry.endpoints();
    }

    public EndpointConfig describeEndpoint(String name) {
        return registry.endpoint(name).orElseThrow(() -> new EndpointNotFoundException(abbreviate(name)));
    }

    public List<AuditEvent> audit(String subject, int limit) {
        if (subject == null || !(subject.startsWith("endpoint:") || subject.startsWith("model:"))) {
            throw new InvalidAdminRequestException("subject must be endpoint:<name> or model:<name>");
        }
        return registry.audit(subject, Math.max(1, Math.min(limit <= 0 ? 50 : limit, 500)));
    }

    public Comparison compare(String model, String a, String b) {
        VersionRecord first = existing(key(model, a));
        VersionRecord second = existing(key(model, b));
        ModelCard cardA = cards.read(first.cardJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ModelCard cardB = cards.read(second.cardJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Set<String> names = new TreeSet<>(cardA.metrics().keySet());
        names.addAll(cardB.metrics().keySet());
        List<MetricDelta> metrics = new ArrayList<>();
        for (String name : names) {
            Double va = cardA.metrics().get(name);
            Double vb = cardB.metrics().get(name);
            metrics.add(new MetricDelta(name, va, vb, va != null && vb != null ? round(vb - va) : null));
        }
        List<String> differences = new ArrayList<>();
        boolean signatureEqual = cardA.signature().equals(cardB.signature());
        if (!signatureEqual) {
            differences.add("signature");
        }
        if (cardA.task() != cardB.task()) {
            differences.add("task");
        }
        if (!cardA.labels().equals(cardB.labels())) {
            differences.add("labels");
        }
        for (String field : List.of("training", "lineage", "quantization", "description")) {
            if (!cardA.document().path(field).equals(cardB.document().path(field))) {
                differences.add(field);
            }
        }
        if (!first.version().sha256().equals(second.version().sha256())) {
            differences.add("artifact");
        }
        return new Comparison(first, second, metrics, signatureEqual, differences);
    }

    // -------------------------------------------------------------------------- registration

    public UploadTicket prepareUpload(String model, String version) {
        return storage.prepareUpload(key(model, version));
    }

    /**
     * Registers a version from an artifact already in the configured bucket or folder, then runs the
     * validation gate: the version ends VALIDATED (returned) or FAILED (thrown, with the report).
     *
     * @param source the artifact location ({@code s3://bucket/...} or {@code local:...})
     * @param cardJson the model card
     * @param reference reference vectors to reproduce, or null
     * @param latencyBudgetMs the p50 latency budget, or null
     * @throws InvalidAdminRequestException for refused sources and invalid cards
     * @throws ConflictException when the version is already registered
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
        try (Download download = download(location)) {
            ModelVersion registered = new ModelVersion(key, location, download.sha256, download.size, card.signature(),
                    LifecycleState.REGISTERED, card.task(), card.labels(), card.features(), clock.instant());
            VersionRecord record = registry.createVersion(registered, cardJson.toString(), change);
            return gateAndRecord(record, card, download, suite, latencyBudgetMs, change);
        }
    }

    /** Runs the validation gate again on a REGISTERED or FAILED version (e.g. with reference vectors). */
    public Registration validate(String model, String version, JsonNode reference, Double latencyBudgetMs, Change change) {
        VersionRecord record = existing(key(model, version));
        LifecycleState state = record.version().state();
        if (state != LifecycleState.REGISTERED && state != LifecycleState.FAILED) {
            throw new IllegalTransitionException(record.version().key() + " is " + state
                    + "; only REGISTERED or FAILED versions are validated again");
        }
        ModelCard card = cards.read(record.cardJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
        String scheme = source.contains(":") ? source.substring(0, source.indexOf(':')) : "";
        ArtifactLocation location = ArtifactLocation.of(source);
        if (!scheme.equals("s3") && !scheme.equals("local") || !store.accepts(location)) {
            throw new InvalidAdminRequestException("model source '" + abbreviate(source) + "' is refused: models are "
                    + "registered only from " + store.describe() + " (upload with admin/uploads/prepare)");
        }
        return location;
    }

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
        try (InputStream in = store.open(location); OutputStream out = Files.newOutputStream(file)) {
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
            throw new InvalidAdminRequestException("no artifact at " + location.uri() + ": upload it first");
        } catch (IOException e) {
            deleteQuietly(folder);
            throw new ModelLoadException("reading the artifact failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(folder);
            throw e;
        }
        return new Download(folder, file, HexFormat.of().formatHex(sha.digest()), size);
    }

    private record Download(Path folder, Path file, String sha256, long size) implements AutoCloseable {
        @Override
        public void close() {
            deleteQuietly(folder);
        }
    }

    // ----------------------------------------------------------------------------- lifecycle

    /**
     * Makes a version the model's production version and points {@code alias} at it, in one
     * transaction that demotes the previous production version to STAGING.
     */
    public Promotion promote(String model, String version, String alias, Change change) {
        ModelKey key = key(model, version);
        String aliasName = alias == null || alias.isBlank() ? "production" : aliasName(alias);
        VersionRecord target = existing(key);
        if (!target.version().state().canTakeTraffic()) {
            throw new IllegalTransitionException(key + " is " + target.version().state()
                    + "; only a validated version can be promoted");
        }
        List<Mutation> mutations = new ArrayList<>();
        String demoted = null;
        for (VersionRecord other : registry.versions(model)) {
            if (!other.version().key().equals(key) && other.version().state() == LifecycleState.PRODUCTION) {
                mutations.add(new Mutation.Transition(other.version().key(), LifecycleState.STAGING,
                        "replaced in production by " + version, other.revision()));
                demoted = other.version().key().version();
            }
        }
        if (target.version().state() != LifecycleState.PRODUCTION) {
            mutations.add(new Mutation.Transition(key, LifecycleState.PRODUCTION, change.reason(), target.revision()));
        }
        Optional<AliasRecord> current = registry.alias(model, aliasName);
        if (current.isEmpty() || !current.get().version().equals(version)) {
            mutations.add(new Mutation.SetAlias(model, aliasName, version, current.map(AliasRecord::revision).orElse(0L)));
        }
        if (!mutations.isEmpty()) {
            registry.atomically(mutations, change);
        }
        return new Promotion(existing(key), registry.alias(model, aliasName).orElseThrow(), demoted);
    }

    /**
     * Moves a version to another state, if the lifecycle allows it. PRODUCTION is reached only by
     * {@link #promote}; ARCHIVED and FAILED are refused while an alias or endpoint uses the version.
     */
    public VersionRecord transition(String model, String version, LifecycleState to, String reason, long revision,
            Change change) {
        ModelKey key = key(model, version);
        VersionRecord record = existing(key);
        LifecycleState from = record.version().state();
        if (to == LifecycleState.PRODUCTION) {
            throw new IllegalTransitionException("use promote to put a version in production (it keeps one per model)");
        }
        if (!from.canMoveTo(to)) {
            throw new IllegalTransitionException(key + " cannot move from " + from + " to " + to + " (allowed: "
                    + from.next() + ")");
        }
        if (from == LifecycleState.REGISTERED && to == LifecycleState.VALIDATED) {
            // Only the validation gate decides that a version may take traffic.
            throw new IllegalTransitionException(key + ": a version becomes VALIDATED only by passing the validation "
                    + "gate; use validate");
        }
        if (!to.canTakeTraffic()) {
            requireUnused(key, "move to " + to);
        }
        return registry.transition(key, to, reason, revision > 0 ? revision : record.revision(), change);
    }

    public VersionRecord archive(String model, String version, String reason, Change change) {
        VersionRecord record = existing(key(model, version));
        if (record.version().state() == LifecycleState.ARCHIVED) {
            return record;
        }
        return transition(model, version, LifecycleState.ARCHIVED, reason, record.revision(), change);
    }

    // ------------------------------------------------------------------------------- aliases

    /** Points an alias at a validated version ({@code revision} 0 creates the alias). */
    public AliasRecord setAlias(String model, String alias, String version, long revision, Change change) {
        String name = aliasName(alias);
        VersionRecord target = existing(key(model, version));
        if (!target.version().state().canTakeTraffic()) {
            throw new IllegalTransitionException(target.version().key() + " is " + target.version().state()
                    + "; an alias can point only at a validated version");
        }
        return registry.setAlias(model, name, version, revision, change);
    }

    /** Moves an alias back to the version it pointed at before. */
    public AliasRecord rollbackAlias(String model, String alias, Change change) {
        AliasRecord current = registry.alias(model, aliasName(alias)).orElseThrow(() -> new VersionNotFoundException(
                "model '" + abbreviate(model) + "' has no alias '" + abbreviate(alias) + "'"));
        if (current.previousVersion() == null) {
            throw new IllegalTransitionException("alias '" + alias + "' of " + model + " has no previous version");
        }
        return setAlias(model, current.alias(), current.previousVersion(), current.revision(), change);
    }

    // ----------------------------------------------------------------------------- endpoints

    /** A requested variant, before it is checked. */
    public record VariantRequest(String name, String model, String version, int weight) {
    }

    /**
     * Creates or updates an endpoint. Weights are basis points summing to 10000; every version must
     * be registered and validated.
     *
     * @param revision the revision read (0 to create)
     */
    public EndpointConfig putEndpoint(String name, List<VariantRequest> variants, VariantRequest shadow,
            String stickySalt, String backend, long revision, Change change) {
        return putEndpoint(name, variants, shadow, stickySalt, backend, null, revision, change);
    }

    /**
     * Creates or updates an endpoint; what an update leaves null (salt, backend, result cache) stays
     * as it was.
     *
     * @param resultCache whether identical inputs to the same version get the kept answer; null: as it was
     *     (off for a new endpoint)
     * @param revision the revision read (0 to create)
     */
    public EndpointConfig putEndpoint(String name, List<VariantRequest> variants, VariantRequest shadow,
            String stickySalt, String backend, Boolean resultCache, long revision, Change change) {
        String endpoint = endpointName(name);
        List<Variant> checked = new ArrayList<>();
        if (variants == null || variants.isEmpty()) {
            throw new InvalidAdminRequestException("an endpoint needs at least one variant");
        }
        for (VariantRequest v : variants) {
            checked.add(variant(v));
        }
        ShadowConfig shadowConfig = null;
        if (shadow != null) {
            ModelKey shadowKey = key(shadow.model(), shadow.version());
            requireServable(shadowKey);
            try {
                shadowConfig = new ShadowConfig(shadowKey, shadow.weight());
            } catch (IllegalArgumentException e) {
                throw new InvalidAdminRequestException(e.getMessage());
            }
        }
        // An update keeps what it does not mention: the sticky salt (callers stay on their variants), the
        // backend, the result cache, and a rollout in progress (its plan goes on with the new weights).
        Optional<EndpointConfig> current = revision > 0 ? registry.endpoint(endpoint) : Optional.empty();
        String backendName = backend != null && !backend.isBlank() ? backend.trim()
                : current.map(EndpointConfig::backend).orElse(EndpointConfig.LAMBDA_BACKEND);
        if (!BACKEND.matcher(backendName).matches()) {
            throw new InvalidAdminRequestException("backend must be lambda, sagemaker:<endpoint name> or http:<url>");
        }
        try {
            Backend.parse(backendName);
        } catch (IllegalArgumentException e) {
            throw new InvalidAdminRequestException(e.getMessage());
        }
        String salt = stickySalt != null && !stickySalt.isBlank() ? stickySalt
                : current.map(EndpointConfig::stickySalt).orElse(null);
        boolean cache = resultCache != null ? resultCache : current.map(EndpointConfig::resultCache).orElse(false);
        EndpointConfig config = new EndpointConfig(endpoint, checked, shadowConfig, salt, backendName, revision,
                clock.instant(), current.map(EndpointConfig::rollout).orElse(null), cache);
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new InvalidAdminRequestException(String.join("; ", problems));
        }
        placement.requireRunnable(config, this::servedVersion);
        return registry.putEndpoint(config, revision, change);
    }

    /** Sets the weights of an endpoint's existing variants (all of them, summing to 10000). */
    public EndpointConfig setWeights(String name, Map<String, Integer> weights, long revision, Change change) {
        EndpointConfig current = describeEndpoint(name);
        if (weights == null || weights.isEmpty()) {
            throw new InvalidAdminRequestException("'weights' must name every variant: " + variantNames(current));
        }
        Set<String> unknown = new LinkedHashSet<>(weights.keySet());
        unknown.removeAll(variantNames(current));
        if (!unknown.isEmpty()) {
            throw new InvalidAdminRequestException("unknown variants " + unknown + "; the endpoint has " + variantNames(current));
        }
        List<VariantRequest> requests = new ArrayList<>();
        for (Variant v : current.variants()) {
            Integer weight = weights.get(v.name());
            if (weight == null) {
                throw new InvalidAdminRequestException("'weights' must name every variant: missing '" + v.name() + "'");
            }
            requests.add(new VariantRequest(v.name(), v.model().name(), v.model().version(), weight));
        }
        VariantRequest shadow = current.shadowConfig().map(s -> new VariantRequest(Variant.SHADOW, s.model().name(),
                s.model().version(), s.sampleRate())).orElse(null);
        return putEndpoint(name, requests, shadow, current.stickySalt(), current.backend(),
                revision > 0 ? revision : current.revision(), change);
    }

    private Variant variant(VariantRequest request) {
        ModelKey key = key(request.model(), request.version());
        Variant variant;
        try {
            variant = new Variant(request.name(), key, request.weight());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidAdminRequestException(e.getMessage());
        }
        requireServable(key);
        return variant;
    }

    private void requireServable(ModelKey key) {
        VersionRecord record = existing(key);
        if (!record.version().state().canTakeTraffic()) {
            throw new IllegalTransitionException(key + " is " + record.version().state()
                    + "; only validated versions can take traffic");
        }
    }

    private static Set<String> variantNames(EndpointConfig endpoint) {
        Set<String> names = new LinkedHashSet<>();
        endpoint.variants().forEach(v -> names.add(v.name()));
        return names;
    }

    // ------------------------------------------------------------------------------ clean-up

    /**
     * Deletes all but the newest {@code keep} versions of a model, never one an alias (current or
     * previous) or an endpoint (variant or shadow) uses; their artifacts are deleted too.
     */
    public Cleanup cleanup(String model, int keep, boolean dryRun, Change change) {
        if (keep < 1) {
            throw new InvalidAdminRequestException("'keep' must be at least 1");
        }
        List<VersionRecord> versions = new ArrayList<>(registry.versions(model));
        if (versions.isEmpty()) {
            throw new VersionNotFoundException("model '" + abbreviate(model) + "' is not registered");
        }
        versions.sort(Comparator.comparing((VersionRecord v) -> SemanticVersion.parse(v.version().key().version())).reversed());
        Set<String> inUse = versionsInUse(model);
        List<VersionRecord> doomed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Set<String> keptArtifacts = new LinkedHashSet<>();
        for (int i = 0; i < versions.size(); i++) {
            VersionRecord v = versions.get(i);
            String version = v.version().key().version();
            if (i < keep || inUse.contains(version)) {
                kept.add(version);
                keptArtifacts.add(v.version().artifact().uri());
            } else {
                doomed.add(v);
            }
        }
        List<String> deleted = new ArrayList<>();
        for (VersionRecord v : doomed) {
            if (!dryRun) {
                registry.deleteVersion(v.version().key(), v.revision(), change);
                // Two versions may share one object (registered from the same source): keep it while one remains.
                if (!keptArtifacts.contains(v.version().artifact().uri())) {
                    storage.delete(v.version().artifact());
                }
            }
            deleted.add(v.version().key().version());
        }
        return new Cleanup(deleted, kept);
    }

    private Set<String> versionsInUse(String model) {
        Set<String> inUse = new LinkedHashSet<>();
        for (AliasRecord alias : registry.aliases(model)) {
            inUse.add(alias.version());
            if (alias.previousVersion() != null) {
                inUse.add(alias.previousVersion());
            }
        }
        for (EndpointConfig endpoint : registry.endpoints()) {
            endpointKeys(endpoint).filter(k -> k.name().equals(model)).forEach(k -> inUse.add(k.version()));
        }
        return inUse;
    }

    private void requireUnused(ModelKey key, String action) {
        if (versionsInUse(key.name()).contains(key.version())) {
            throw new IllegalTransitionException("cannot " + action + ": " + key
                    + " is used by an alias or an endpoint; move them first");
        }
    }

    private static Stream<ModelKey> endpointKeys(EndpointConfig endpoint) {
        Stream<ModelKey> variants = endpoint.variants().stream().map(Variant::model);
        return endpoint.shadowConfig().map(s -> Stream.concat(variants, Stream.of(s.model()))).orElse(variants);
    }

    private static Set<String> referencedModels(EndpointConfig endpoint) {
        Set<String> models = new LinkedHashSet<>();
        endpointKeys(endpoint).forEach(k -> models.add(k.name()));
        return models;
    }

    // -------------------------------------------------------------------------------- helpers

    /** Warnings about where an endpoint's versions run (too large for the function, or only just). */
    public List<String> placementAdvice(EndpointConfig endpoint) {
        return placement.advice(endpoint, this::servedVersion);
    }

    /** A warning when a version is too large, or nearly, to run in the function; null when it fits. */
    public String placementAdvice(ModelVersion version) {
        return placement.advice(version);
    }

    private ModelVersion servedVersion(ModelKey key) {
        return registry.version(key).map(VersionRecord::version).orElse(null);
    }

    private VersionRecord existing(ModelKey key) {
        return registry.version(key).orElseThrow(() -> new VersionNotFoundException(key + " is not registered"));
    }

    static ModelKey key(String model, String version) {
        if (model == null || !ModelCardReader.MODEL_NAME.matcher(model).matches()) {
            throw new InvalidAdminRequestException("'model' must be lower-case letters, digits and inner dashes");
        }
        if (version == null || !SemanticVersion.isValid(version)) {
            throw new InvalidAdminRequestException("'version' must be a semantic version (major.minor.patch)");
        }
        return new ModelKey(model, version);
    }

    private static String endpointName(String name) {
        if (name == null || !ModelCardReader.MODEL_NAME.matcher(name).matches()) {
            throw new InvalidAdminRequestException("'endpoint' must be lower-case letters, digits and inner dashes");
        }
        return name;
    }

    private static String aliasName(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new InvalidAdminRequestException("an alias is 1-32 lower-case letters, digits or dashes, starting with a letter");
        }
        return alias;
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

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
