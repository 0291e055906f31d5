package io.modelfn.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.Mutation;
import io.modelfn.core.registry.write.VersionRecord;
import io.modelfn.core.store.ArtifactNotFoundException;
import io.modelfn.core.store.ModelSourceRefusedException;
import io.modelfn.core.store.ModelStore;
import io.modelfn.core.store.OpenedArtifact;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.InMemoryModelRegistry;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.SampleModels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the admin use cases' tests: the in-memory registry, an in-memory bucket
 * ({@code s3://models-bucket/models/}) and a validation gate whose engine answers with the sample
 * models' reference outputs. The artifacts are the real ONNX files of {@code models/}, so the gate's
 * digest, ONNX and signature checks run for real.
 */
abstract class AdminUseCaseFixture {

    static final String BUCKET = "models-bucket";
    static final String PREFIX = "s3://" + BUCKET + "/models/";
    static final ModelKey IRIS_100 = ModelKey.parse("iris/1.0.0");
    static final ModelKey IRIS_110 = ModelKey.parse("iris/1.1.0");
    static final Change ALICE = new Change("alice", "ship it", null, "req-1");
    static final Change SEEDER = Change.by("seeder", "test set-up");
    static final List<String> PASSED_CHECKS = List.of("sha256", "size", "onnx", "signature", "session", "reference");

    final MutableClock clock = MutableClock.atEpoch();
    final InMemoryModelRegistry fake = new InMemoryModelRegistry(clock);
    final ObservedRegistry registry = new ObservedRegistry(fake);
    final BucketStore store = new BucketStore();
    final RecordingStorage storage = new RecordingStorage(store);
    final ReferenceEngine engine = new ReferenceEngine().answeringAs(IRIS_100).answeringAs(IRIS_110);

    @TempDir
    Path workDir;

    ModelCatalog catalog;
    VersionRegistration registrations;
    VersionLifecycle lifecycle;
    EndpointAdmin endpoints;
    VersionCleanup cleanups;

    @BeforeEach
    void createUseCases() {
        catalog = new ModelCatalog(registry);
        registrations = new VersionRegistration(registry, store, storage, new ValidationGate(engine), workDir, clock);
        lifecycle = new VersionLifecycle(registry);
        endpoints = new EndpointAdmin(registry, clock);
        cleanups = new VersionCleanup(registry, storage);
    }


    /**
     * fraud 0.9.0 … 1.10.0: production alias moved 1.2.0 → 1.3.0, an endpoint on 1.4.0 with 1.5.0 at
     * weight 0 and 1.6.0 as shadow; 1.7.0 archived, 1.0.0 failed, the rest unused.
     */
    void givenFraudVersionsInUse() {
        for (String v : List.of("0.9.0", "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0",
                "1.8.0", "1.9.0", "1.10.0")) {
            seed(IRIS_110, "fraud", v, v.equals("1.7.0") ? LifecycleState.ARCHIVED
                    : v.equals("1.0.0") ? LifecycleState.FAILED : LifecycleState.VALIDATED);
        }
        lifecycle.setAlias("fraud", "production", "1.2.0", 0, SEEDER);
        lifecycle.setAlias("fraud", "production", "1.3.0", 1, SEEDER);
        endpoints.putEndpoint("fraud", List.of(variant("stable", "fraud", "1.4.0", 10_000),
                variant("next", "fraud", "1.5.0", 0)), variant("shadow", "fraud", "1.6.0", 100), null, null, 0, SEEDER);
    }

    void seedTwo() {
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
    }

    /** Stores a version directly (no gate), with the sample's card renamed, at its place in the bucket. */
    VersionRecord seed(ModelKey sample, String model, String version, LifecycleState state) {
        return seedWithCard(sample, card(sample, model, version), state);
    }

    VersionRecord seedWithCard(ModelKey sample, ObjectNode cardJson, LifecycleState state) {
        ModelCard card = SampleModels.card(sample);
        ModelKey key = new ModelKey(cardJson.path("name").asText(), cardJson.path("version").asText());
        ModelVersion version = new ModelVersion(key, ArtifactLocation.of(location(key.name(), key.version())),
                card.artifact().sha256(), card.artifact().sizeBytes(), card.signature(), state, card.task(),
                card.labels(), card.features(), clock.instant());
        return fake.createVersion(version, cardJson.toString(), SEEDER);
    }

    /** Uploads a sample's artifact as model/version and registers it through the gate. */
    VersionRecord registerSample(ModelKey sample, String model, String version) {
        String source = upload(model, version, artifact(sample));
        return registrations.register(model, version, source, card(sample, model, version), reference(sample), null, SEEDER)
                .version();
    }

    String upload(String model, String version, byte[] bytes) {
        String uri = location(model, version);
        store.put(uri, bytes);
        return uri;
    }

    static String location(String model, String version) {
        return PREFIX + model + "/" + version + "/model.onnx";
    }

    static ObjectNode card(ModelKey sample, String model, String version) {
        ObjectNode card = (ObjectNode) readJson(SampleModels.folder(sample).resolve("model.json"));
        card.put("name", model);
        card.put("version", version);
        return card;
    }

    static JsonNode reference(ModelKey sample) {
        return readJson(SampleModels.folder(sample).resolve("reference.json"));
    }

    static byte[] artifact(ModelKey sample) {
        try {
            return Files.readAllBytes(SampleModels.modelFile(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EndpointAdmin.VariantRequest variant(String name, String model, String version, int weight) {
        return new EndpointAdmin.VariantRequest(name, model, version, weight);
    }

    LifecycleState state(String model, String version) {
        return fake.version(new ModelKey(model, version)).orElseThrow().version().state();
    }

    List<AuditEvent> audit(String model) {
        return fake.audit(AuditEvent.modelSubject(model), 500);
    }

    List<AuditEvent> endpointAudit(String endpoint) {
        return fake.audit(AuditEvent.endpointSubject(endpoint), 500);
    }

    void assertNothingStored(String model, String version) {
        assertThat(fake.version(new ModelKey(model, version))).isEmpty();
        assertThat(audit(model)).isEmpty();
    }

    void assertNoEndpoint(String endpoint) {
        assertThat(fake.endpoint(endpoint)).isEmpty();
        assertThat(endpointAudit(endpoint)).isEmpty();
    }

    static ModelCatalog.MetricDelta metric(ModelCatalog.Comparison comparison, String name) {
        return comparison.metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    static ValidationFailedException catchValidationFailure(Runnable call) {
        try {
            call.run();
        } catch (ValidationFailedException e) {
            return e;
        }
        throw new AssertionError("expected the version to fail validation");
    }

    static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ----------------------------------------------------------------------------------- fakes

    /**
     * The model bucket in memory, with S3ModelStore's rules: only {@code s3://models-bucket/models/}
     * keys made of safe segments (no {@code ..}, {@code .}, empty segments). Counts opens, so a test
     * proves a refused source was never fetched. A {@code lax} store accepts every location. A
     * {@code versioned} one keeps every object version ({@code v1}, {@code v2}, … per key) as a
     * versioned bucket does; an unversioned one keeps the last bytes and answers no version id.
     */
    static final class BucketStore implements ModelStore {

        private final Map<String, List<byte[]>> objects = new ConcurrentHashMap<>();
        private final AtomicInteger opens = new AtomicInteger();
        private final boolean lax;
        private volatile boolean versioned;

        BucketStore() {
            this(false);
        }

        BucketStore(boolean lax) {
            this.lax = lax;
        }

        /** Keeps object versions from now on, as S3 does once versioning is enabled. */
        BucketStore versioned() {
            versioned = true;
            return this;
        }

        /** Stores bytes at the key; the version id S3 would answer, or null when unversioned. */
        String put(String uri, byte[] bytes) {
            List<byte[]> versions = objects.computeIfAbsent(uri, u -> new CopyOnWriteArrayList<>());
            if (!versioned) {
                versions.clear();
            }
            versions.add(bytes.clone());
            return versioned ? "v" + versions.size() : null;
        }

        int opens() {
            return opens.get();
        }

        @Override
        public InputStream open(ArtifactLocation location) {
            return openWithVersion(location).stream();
        }

        @Override
        public OpenedArtifact openWithVersion(ArtifactLocation location) {
            if (!accepts(location)) {
                throw new ModelSourceRefusedException("refused " + location.uri());
            }
            opens.incrementAndGet();
            List<byte[]> versions = objects.getOrDefault(location.uri(), List.of());
            if (versions.isEmpty()) {
                throw new ArtifactNotFoundException("no object at " + location.uri());
            }
            int index = versions.size() - 1;
            if (location.versionId() != null) {
                index = versioned && location.versionId().matches("v[1-9][0-9]*")
                        ? Integer.parseInt(location.versionId().substring(1)) - 1 : -1;
                if (index < 0 || index >= versions.size()) {
                    throw new ArtifactNotFoundException("no version " + location.versionId() + " of " + location.uri());
                }
            }
            return new OpenedArtifact(new ByteArrayInputStream(versions.get(index)), versioned ? "v" + (index + 1) : null);
        }

        boolean holds(String uri) {
            return !objects.getOrDefault(uri, List.of()).isEmpty();
        }

        @Override
        public boolean accepts(ArtifactLocation location) {
            if (lax) {
                return true;
            }
            String uri = location.uri();
            if (!uri.startsWith(PREFIX)) {
                return false;
            }
            return Arrays.stream(uri.substring(PREFIX.length()).split("/", -1))
                    .allMatch(s -> s.matches("[A-Za-z0-9_+=-][A-Za-z0-9._+=-]*"));
        }

        @Override
        public String describe() {
            return PREFIX;
        }
    }

    /** The bucket's write side: hands out tickets, records what clean-up deleted, sees the bucket's keys. */
    static final class RecordingStorage implements ArtifactStorage {

        private final List<String> deleted = new CopyOnWriteArrayList<>();
        private final List<ModelKey> prepared = new CopyOnWriteArrayList<>();
        private final BucketStore bucket;

        RecordingStorage(BucketStore bucket) {
            this.bucket = bucket;
        }

        List<String> deleted() {
            return deleted;
        }

        List<ModelKey> prepared() {
            return prepared;
        }

        @Override
        public UploadTicket prepareUpload(ModelKey key) {
            prepared.add(key);
            return new UploadTicket("https://upload.example/" + key, "PUT", Map.of(), locationOf(key).uri(),
                    java.time.Instant.EPOCH.plus(Duration.ofMinutes(15)));
        }

        @Override
        public boolean exists(ArtifactLocation location) {
            return bucket.holds(location.uri());
        }

        @Override
        public void delete(ArtifactLocation location) {
            deleted.add(location.uri());
        }

        @Override
        public ArtifactLocation locationOf(ModelKey key) {
            return ArtifactLocation.of(location(key.name(), key.version()));
        }
    }

    /**
     * An engine that plays the sample models: given a file with a sample's digest, its model answers
     * each reference input with the reference output Python's ONNX Runtime computed.
     */
    static final class ReferenceEngine implements InferenceEngine {

        private final Map<String, Answers> bySha256 = new ConcurrentHashMap<>();
        private final AtomicInteger loads = new AtomicInteger();

        private record Answers(Signature signature, ReferenceSuite suite) {
        }

        ReferenceEngine answeringAs(ModelKey sample) {
            ModelCard card = SampleModels.card(sample);
            bySha256.put(card.artifact().sha256(), new Answers(card.signature(), ReferenceSuite.parse(reference(sample))));
            return this;
        }

        int loads() {
            return loads.get();
        }

        @Override
        public LoadedModel load(ModelKey key, Path modelFile) {
            loads.incrementAndGet();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(modelFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Answers answers = bySha256.get(sha256(bytes));
            if (answers == null) {
                throw new IllegalStateException("not a model this engine knows");
            }
            return new LoadedModel() {
                @Override
                public ModelKey key() {
                    return key;
                }

                @Override
                public Signature signature() {
                    return answers.signature();
                }

                @Override
                public long memoryBytes() {
                    return bytes.length;
                }

                @Override
                public Map<String, Tensor> infer(Map<String, Tensor> inputs, Collection<String> outputs) {
                    return answers.suite().cases().stream().filter(c -> c.inputs().equals(inputs))
                            .map(ReferenceSuite.Case::outputs).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("no reference answer for these inputs"));
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public String name() {
            return "reference";
        }
    }

    /**
     * The registry as the service sees it, counting its writes (one {@link #atomically} call versus
     * single-item writes) and letting a test slip in another writer's change just before a transaction.
     */
    static final class ObservedRegistry implements ModelRegistry {

        private final InMemoryModelRegistry delegate;
        private final AtomicInteger atomicCalls = new AtomicInteger();
        private final AtomicInteger singleWrites = new AtomicInteger();
        private volatile Runnable beforeAtomically;

        ObservedRegistry(InMemoryModelRegistry delegate) {
            this.delegate = delegate;
        }

        void resetCounts() {
            atomicCalls.set(0);
            singleWrites.set(0);
        }

        int atomicCalls() {
            return atomicCalls.get();
        }

        int singleWrites() {
            return singleWrites.get();
        }

        void beforeAtomically(Runnable interference) {
            beforeAtomically = interference;
        }

        @Override
        public List<String> models() {
            return delegate.models();
        }

        @Override
        public List<VersionRecord> versions(String model) {
            return delegate.versions(model);
        }

        @Override
        public Optional<VersionRecord> version(ModelKey key) {
            return delegate.version(key);
        }

        @Override
        public List<AliasRecord> aliases(String model) {
            return delegate.aliases(model);
        }

        @Override
        public Optional<AliasRecord> alias(String model, String alias) {
            return delegate.alias(model, alias);
        }

        @Override
        public List<EndpointConfig> endpoints() {
            return delegate.endpoints();
        }

        @Override
        public Optional<EndpointConfig> endpoint(String name) {
            return delegate.endpoint(name);
        }

        @Override
        public List<AuditEvent> audit(String subject, int limit) {
            return delegate.audit(subject, limit);
        }

        @Override
        public io.modelfn.core.registry.write.AliasHistory aliasHistory(String model, String alias, int limit, String after) {
            return delegate.aliasHistory(model, alias, limit, after);
        }

        @Override
        public VersionRecord createVersion(ModelVersion version, String cardJson, Change change) {
            singleWrites.incrementAndGet();
            return delegate.createVersion(version, cardJson, change);
        }

        @Override
        public VersionRecord transition(ModelKey key, LifecycleState to, String reason, long expectedRevision,
                Change change) {
            singleWrites.incrementAndGet();
            return delegate.transition(key, to, reason, expectedRevision, change);
        }

        @Override
        public AliasRecord setAlias(String model, String alias, String version, long expectedRevision, Change change) {
            singleWrites.incrementAndGet();
            return delegate.setAlias(model, alias, version, expectedRevision, change);
        }

        @Override
        public EndpointConfig putEndpoint(EndpointConfig endpoint, long expectedRevision, Change change) {
            singleWrites.incrementAndGet();
            return delegate.putEndpoint(endpoint, expectedRevision, change);
        }

        @Override
        public void deleteVersion(ModelKey key, long expectedRevision, Change change) {
            singleWrites.incrementAndGet();
            delegate.deleteVersion(key, expectedRevision, change);
        }

        @Override
        public void atomically(List<Mutation> mutations, Change change) {
            atomicCalls.incrementAndGet();
            Runnable interference = beforeAtomically;
            if (interference != null) {
                beforeAtomically = null;
                interference.run();
            }
            delegate.atomically(new ArrayList<>(mutations), change);
        }

        @Override
        public String idempotent(String key, String fingerprint, Supplier<String> mutation) {
            return delegate.idempotent(key, fingerprint, mutation);
        }
    }
}
