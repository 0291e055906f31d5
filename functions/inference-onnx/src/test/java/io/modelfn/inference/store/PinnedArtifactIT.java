package io.modelfn.inference.store;

import static io.modelfn.core.testkit.TensorAssertions.assertMatchesReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.admin.UploadTicket;
import io.modelfn.core.admin.ValidationGate;
import io.modelfn.core.admin.VersionRegistration;
import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.inference.ModelLoadException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.VersionRecord;
import io.modelfn.core.testkit.InMemoryModelRegistry;
import io.modelfn.core.testkit.ReferenceVectors;
import io.modelfn.core.testkit.SampleModels;
import io.modelfn.inference.onnx.OnnxRuntimeEngine;
import io.modelfn.inference.onnx.OnnxSessionSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A registered version keeps serving the bytes it was validated with after its key is written over:
 * registration through the real admin use case (pre-signed upload, validation gate on ONNX Runtime)
 * against S3Proxy in this JVM with a versioned bucket, then a fresh model cache (a new environment)
 * loading the recorded object version.
 */
class PinnedArtifactIT {

    private static final String BUCKET = "modelfn-pinned";
    private static final ModelKey IRIS_110 = ModelKey.parse("iris/1.1.0");
    private static final ModelKey IRIS_100 = ModelKey.parse("iris/1.0.0");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Change OPERATOR = Change.by("operator", "pinned artifact test");

    private static InProcessS3Proxy proxy;
    private static S3Client s3;
    private static S3Presigner presigner;
    private static OnnxRuntimeEngine engine;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        proxy = InProcessS3Proxy.start();
        s3 = LocalS3Clients.pointedAt(proxy.endpoint());
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putBucketVersioning(b -> b.bucket(BUCKET)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        presigner = S3Presigner.builder()
                .endpointOverride(proxy.endpoint())
                .region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalS3Clients.ACCESS_KEY, LocalS3Clients.SECRET_KEY)))
                .build();
        engine = new OnnxRuntimeEngine(OnnxSessionSettings.defaults()).warmUp();
    }

    @AfterAll
    static void stop() throws Exception {
        if (presigner != null) {
            presigner.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void a_registered_version_should_serve_its_validated_bytes_when_other_bytes_were_written_over_its_key()
            throws Exception {
        // GIVEN iris 1.1.0 uploaded as iris-pinned/1.5.0 through a pre-signed PUT and registered: VALIDATED
        S3ModelStore store = new S3ModelStore(s3, BUCKET, "models");
        S3ArtifactStorage storage = new S3ArtifactStorage(s3, presigner, store, BUCKET, Clock.systemUTC());
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        VersionRegistration registrations = new VersionRegistration(registry, store, storage, new ValidationGate(engine),
                dir.resolve("work"), Clock.systemUTC());
        UploadTicket ticket = registrations.prepareUpload("iris-pinned", "1.5.0");
        put(ticket, Files.readAllBytes(SampleModels.modelFile(IRIS_110)));
        VersionRecord registered = registrations.register("iris-pinned", "1.5.0", ticket.location(),
                card(IRIS_110, "iris-pinned", "1.5.0"), reference(IRIS_110, "iris-pinned", "1.5.0"), null, OPERATOR)
                .version();
        ModelVersion version = registered.version();

        // WHEN other bytes (iris 1.0.0) are written over its key, straight to the bucket
        s3.putObject(b -> b.bucket(BUCKET).key("models/iris-pinned/1.5.0/model.onnx"), SampleModels.modelFile(IRIS_100));

        // THEN the version was VALIDATED, pinned to the object version the gate read, which still holds its bytes
        assertThat(version.state()).isEqualTo(LifecycleState.VALIDATED);
        assertThat(version.artifact().uri()).isEqualTo(ticket.location());
        assertThat(version.artifact().versionId()).isNotBlank();
        assertThat(Sha256.hex(read(store, version.artifact()))).isEqualTo(version.sha256())
                .isEqualTo(SampleModels.card(IRIS_110).artifact().sha256());
        assertThat(Sha256.hex(read(store, ArtifactLocation.of(version.artifact().uri()))))
                .as("the key's current object is the overwrite").isEqualTo(SampleModels.card(IRIS_100).artifact().sha256());

        // AND a new environment's model cache loads the recorded version and answers iris 1.1.0's reference outputs
        try (ModelCache cache = cache("fresh-env")) {
            try (ModelCache.Lease lease = cache.acquire(version)) {
                for (ReferenceVectors.Case c : SampleModels.reference(IRIS_110).cases()) {
                    assertMatchesReference(lease.model().infer(c.inputs(), List.of()), c.outputs(), "case " + c.name());
                }
            }
        }

        // AND without the pin the same version would load the overwrite and fail the integrity check (the 503 before)
        ModelVersion unpinned = new ModelVersion(version.key(), ArtifactLocation.of(version.artifact().uri()),
                version.sha256(), version.sizeBytes(), version.signature(), version.state(), version.task(),
                version.labels(), version.features(), version.createdAt());
        try (ModelCache cache = cache("unpinned-env")) {
            assertThatThrownBy(() -> cache.acquire(unpinned)).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("registered");
        }

        // AND validating it again reads the recorded version too: it still passes
        registry.transition(version.key(), LifecycleState.FAILED, "test: validate again", registered.revision(), OPERATOR);
        var again = registrations.validate("iris-pinned", "1.5.0", reference(IRIS_110, "iris-pinned", "1.5.0"), null,
                OPERATOR);
        assertThat(again.report().passed()).as(again.report().failures()).isTrue();
    }

    @Test
    void prepareUpload_should_conflict_when_the_key_holds_an_object_or_a_registered_version() throws Exception {
        // GIVEN iris-keys/1.0.0 registered, and bytes stored at iris-keys/2.0.0's key without a registration
        S3ModelStore store = new S3ModelStore(s3, BUCKET, "models");
        S3ArtifactStorage storage = new S3ArtifactStorage(s3, presigner, store, BUCKET, Clock.systemUTC());
        VersionRegistration registrations = new VersionRegistration(new InMemoryModelRegistry(), store, storage,
                new ValidationGate(engine), dir.resolve("work"), Clock.systemUTC());
        UploadTicket ticket = registrations.prepareUpload("iris-keys", "1.0.0");
        put(ticket, Files.readAllBytes(SampleModels.modelFile(IRIS_110)));
        registrations.register("iris-keys", "1.0.0", ticket.location(), card(IRIS_110, "iris-keys", "1.0.0"), null, null,
                OPERATOR);
        store.upload(ModelKey.parse("iris-keys/2.0.0"), SampleModels.modelFile(IRIS_110));

        // WHEN / THEN both keys are refused; a free key is not (HeadObject answers 404 there)
        assertThatThrownBy(() -> registrations.prepareUpload("iris-keys", "1.0.0"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already registered");
        assertThatThrownBy(() -> registrations.prepareUpload("iris-keys", "2.0.0"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already stored");
        assertThat(registrations.prepareUpload("iris-keys", "3.0.0").location())
                .isEqualTo("s3://" + BUCKET + "/models/iris-keys/3.0.0/model.onnx");
    }

    private ModelCache cache(String name) {
        return new ModelCache(new S3ModelStore(s3, BUCKET, "models"), engine,
                new ModelCache.Settings(dir.resolve(name), 512L * 1024 * 1024, Duration.ofSeconds(60), Duration.ZERO, 1),
                CacheListener.NONE);
    }

    /** Sends the bytes as a client does: a PUT to the pre-signed URL, with the ticket's headers. */
    private static void put(UploadTicket ticket, byte[] bytes) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ticket.url()))
                .method(ticket.method(), HttpRequest.BodyPublishers.ofByteArray(bytes));
        ticket.headers().forEach(request::header);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
    }

    private static byte[] read(S3ModelStore store, ArtifactLocation location) throws IOException {
        try (InputStream in = store.open(location)) {
            return in.readAllBytes();
        }
    }

    private static JsonNode card(ModelKey sample, String model, String version) throws IOException {
        var card = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                SampleModels.folder(sample).resolve("model.json").toFile());
        card.put("name", model);
        card.put("version", version);
        return card;
    }

    private static JsonNode reference(ModelKey sample, String model, String version) throws IOException {
        var reference = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                SampleModels.folder(sample).resolve("reference.json").toFile());
        if (reference.has("model")) {
            reference.put("model", model);
        }
        if (reference.has("version")) {
            reference.put("version", version);
        }
        return reference;
    }
}
