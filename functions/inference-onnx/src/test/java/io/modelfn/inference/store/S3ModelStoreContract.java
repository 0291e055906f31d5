package io.modelfn.inference.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.store.ArtifactNotFoundException;
import io.modelfn.core.store.ModelSourceRefusedException;
import io.modelfn.core.store.ModelStoreUnavailableException;
import io.modelfn.core.store.OpenedArtifact;
import io.modelfn.core.testkit.SampleModels;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * What {@link S3ModelStore} does against a real S3 API with a real {@link S3Client} on the
 * url-connection HTTP client, object version pinning included, run against each local S3: S3Proxy
 * in this JVM ({@code S3ModelStoreIT}) and LocalStack ({@code LocalStackS3ModelStoreIT}).
 *
 * <p>A subclass starts its engine once for the class ({@link #startS3()}) and stops it after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3ModelStoreContract {

    protected static final String BUCKET = "modelfn-models";
    protected static final String VERSIONED_BUCKET = "modelfn-models-versioned";
    protected static final ModelKey IRIS = ModelKey.parse("iris/1.1.0");
    protected static final ModelKey OLD_IRIS = ModelKey.parse("iris/1.0.0");

    private final LocalS3Clients.CallCounter calls = new LocalS3Clients.CallCounter();
    private URI endpoint;
    private S3Client s3;

    /** Starts the engine (or finds it running) and returns its endpoint. */
    protected abstract URI startS3() throws Exception;

    /** Stops what {@link #startS3()} started. */
    protected abstract void stopS3() throws Exception;

    @BeforeAll
    void createBuckets() throws Exception {
        endpoint = startS3();
        s3 = LocalS3Clients.pointedAt(endpoint, calls);
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.createBucket(b -> b.bucket("other-bucket"));
        s3.createBucket(b -> b.bucket(VERSIONED_BUCKET));
        s3.putBucketVersioning(b -> b.bucket(VERSIONED_BUCKET)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }

    @AfterAll
    void closeClient() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        stopS3();
    }

    @Test
    void open_should_return_the_uploaded_bytes_when_a_sample_model_was_uploaded() throws IOException {
        // GIVEN iris/1.1.0 uploaded to an unversioned bucket
        S3ModelStore store = new S3ModelStore(s3, BUCKET, "models");
        ArtifactLocation location = store.upload(IRIS, SampleModels.modelFile(IRIS));

        // WHEN it is read back through the store
        byte[] bytes;
        try (InputStream in = store.open(location)) {
            bytes = in.readAllBytes();
        }

        // THEN it sits where locationOf says, unpinned, and its digest is the card's
        assertThat(location).isEqualTo(new ArtifactLocation("s3://modelfn-models/models/iris/1.1.0/model.onnx", null));
        assertThat(Sha256.hex(bytes)).isEqualTo(SampleModels.card(IRIS).artifact().sha256());
        assertThat((long) bytes.length).isEqualTo(SampleModels.card(IRIS).artifact().sizeBytes());
    }

    @Test
    void open_should_return_the_first_bytes_when_pinned_to_the_first_version_of_an_overwritten_object()
            throws IOException {
        // GIVEN a versioned bucket where iris/1.1.0 was uploaded twice, with different bytes
        S3ModelStore store = new S3ModelStore(s3, VERSIONED_BUCKET, "models/");
        ArtifactLocation first = store.upload(IRIS, SampleModels.modelFile(IRIS));
        ArtifactLocation second = store.upload(IRIS, SampleModels.modelFile(OLD_IRIS));

        // WHEN each version, and the unpinned location, is read
        byte[] firstBytes = readAll(store, first);
        byte[] secondBytes = readAll(store, second);
        byte[] latestBytes = readAll(store, ArtifactLocation.of(first.uri()));

        // THEN the pin decides: the first version still gives the first bytes
        assertThat(first.versionId()).isNotNull();
        assertThat(second.versionId()).isNotNull().isNotEqualTo(first.versionId());
        assertThat(first.uri()).isEqualTo(second.uri());
        assertThat(firstBytes).isEqualTo(Files.readAllBytes(SampleModels.modelFile(IRIS)));
        assertThat(secondBytes).isEqualTo(Files.readAllBytes(SampleModels.modelFile(OLD_IRIS)));
        assertThat(latestBytes).isEqualTo(secondBytes);
    }

    @Test
    void openWithVersion_should_answer_the_object_version_read_only_when_the_bucket_keeps_versions() throws IOException {
        // GIVEN iris 1.1.0 in an unversioned bucket, and twice (other bytes last) in a versioned one
        S3ModelStore plain = new S3ModelStore(s3, BUCKET, "models");
        S3ModelStore versioned = new S3ModelStore(s3, VERSIONED_BUCKET, "models");
        ArtifactLocation plainLocation = plain.upload(IRIS, SampleModels.modelFile(IRIS));
        ArtifactLocation first = versioned.upload(IRIS, SampleModels.modelFile(IRIS));
        ArtifactLocation second = versioned.upload(IRIS, SampleModels.modelFile(OLD_IRIS));

        // WHEN each is opened without naming a version, and the first by its version
        // THEN the unversioned bucket answers no version; the versioned one the current or the pinned one
        try (OpenedArtifact opened = plain.openWithVersion(plainLocation)) {
            assertThat(opened.versionId()).isNull();
        }
        try (OpenedArtifact opened = versioned.openWithVersion(ArtifactLocation.of(first.uri()))) {
            assertThat(opened.versionId()).isEqualTo(second.versionId());
        }
        try (OpenedArtifact opened = versioned.openWithVersion(first)) {
            assertThat(opened.versionId()).isEqualTo(first.versionId());
            assertThat(opened.stream().readAllBytes()).isEqualTo(Files.readAllBytes(SampleModels.modelFile(IRIS)));
        }
    }

    @Test
    void open_should_throw_not_found_when_the_pinned_version_does_not_exist() {
        // GIVEN an object that exists, and a version id it never had
        S3ModelStore store = new S3ModelStore(s3, VERSIONED_BUCKET, "models");
        ArtifactLocation uploaded = store.upload(OLD_IRIS, SampleModels.modelFile(OLD_IRIS));

        // WHEN / THEN
        assertThatThrownBy(() -> store.open(new ArtifactLocation(uploaded.uri(), "no-such-version")))
                .isInstanceOf(ArtifactNotFoundException.class);
    }

    @Test
    void open_should_throw_not_found_when_no_object_is_stored_at_the_key() {
        // GIVEN a location inside the prefix where nothing was uploaded
        S3ModelStore store = new S3ModelStore(s3, BUCKET, "models");

        // WHEN / THEN
        assertThatThrownBy(() -> store.open(store.locationOf(ModelKey.parse("never/9.9.9"))))
                .isInstanceOf(ArtifactNotFoundException.class)
                .hasMessageContaining("NoSuchKey");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "s3://other-bucket/models/iris/1.1.0/model.onnx",
        "s3://modelfn-models/elsewhere/iris/1.1.0/model.onnx",
        "s3://modelfn-models/models/../elsewhere/model.onnx",
        "http://127.0.0.1/modelfn-models/models/iris/1.1.0/model.onnx",
        "file:///etc/passwd",
    })
    void open_should_refuse_without_any_s3_call_when_the_object_is_outside_the_bucket_or_prefix(String uri) {
        // GIVEN objects that exist outside the store's prefix and bucket
        s3.putObject(b -> b.bucket("other-bucket").key("models/iris/1.1.0/model.onnx"),
                SampleModels.modelFile(IRIS));
        s3.putObject(b -> b.bucket(BUCKET).key("elsewhere/iris/1.1.0/model.onnx"), SampleModels.modelFile(IRIS));
        S3ModelStore store = new S3ModelStore(s3, BUCKET, "models");
        int callsBefore = calls.calls();

        // WHEN / THEN they are refused, and the client made no call at all
        assertThatThrownBy(() -> store.open(ArtifactLocation.of(uri)))
                .isInstanceOf(ModelSourceRefusedException.class)
                .hasMessageContaining("s3://modelfn-models/models/");
        assertThat(calls.calls()).isEqualTo(callsBefore);
    }

    @Test
    void upload_and_open_should_throw_unavailable_when_the_bucket_does_not_exist() {
        // GIVEN a store on a bucket nobody created (its own client: S3Proxy answers the refused PUT before
        // reading the body, which leaves that pooled connection unusable for the next request)
        try (S3Client client = LocalS3Clients.pointedAt(endpoint)) {
            S3ModelStore store = new S3ModelStore(client, "no-such-bucket", "models");

            // WHEN / THEN a missing bucket is a broken store, not a missing model
            assertThatThrownBy(() -> store.upload(IRIS, SampleModels.modelFile(IRIS)))
                    .isInstanceOf(ModelStoreUnavailableException.class);
            assertThatThrownBy(() -> store.open(store.locationOf(IRIS)))
                    .isInstanceOf(ModelStoreUnavailableException.class)
                    .hasMessageContaining("NoSuchBucket");
        }
    }

    private static byte[] readAll(S3ModelStore store, ArtifactLocation location) throws IOException {
        try (InputStream in = store.open(location)) {
            return in.readAllBytes();
        }
    }
}
