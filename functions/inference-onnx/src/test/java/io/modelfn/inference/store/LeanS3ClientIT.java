package io.modelfn.inference.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.aws.clients.ClientUse;
import io.modelfn.aws.lean.LeanClients;
import io.modelfn.aws.lean.LeanS3Client;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.store.ArtifactNotFoundException;
import io.modelfn.core.store.OpenedArtifact;
import io.modelfn.core.testkit.SampleModels;
import java.nio.file.Files;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The lean S3 client against S3Proxy, which checks every request's SigV4 signature: objects written by the SDK's
 * client read back byte for byte, with the SDK's response headers, versions and errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeanS3ClientIT {

    private static final String BUCKET = "lean-models";
    private static final String VERSIONED = "lean-versioned";

    private InProcessS3Proxy proxy;
    private S3Client sdk;
    private S3Client lean;

    @BeforeAll
    void start() throws Exception {
        proxy = InProcessS3Proxy.start();
        sdk = LocalS3Clients.pointedAt(proxy.endpoint());
        sdk.createBucket(b -> b.bucket(BUCKET));
        sdk.createBucket(b -> b.bucket(VERSIONED));
        sdk.putBucketVersioning(b -> b.bucket(VERSIONED)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        lean = client(LocalS3Clients.SECRET_KEY);
    }

    @AfterAll
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private S3Client client(String secret) {
        return LeanClients.from(Optional.of("us-east-1"), Map.of("AWS_ACCESS_KEY_ID", LocalS3Clients.ACCESS_KEY,
                        "AWS_SECRET_ACCESS_KEY", secret))
                .orElseThrow()
                .s3(ClientUse.MODEL_DOWNLOAD, Duration.ofSeconds(3), Optional.of(proxy.endpoint().toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"models/iris/1.1.0/model.onnx", "models/with space/a+b=c/ü.onnx", "models/x~y_z-(1)!*'.bin"})
    void getObject_should_read_back_what_the_sdk_wrote_under_any_safe_key(String key) throws IOException {
        // GIVEN an object with user metadata, written by the SDK's client
        byte[] bytes = ("model bytes of " + key).repeat(500).getBytes(StandardCharsets.UTF_8);
        sdk.putObject(p -> p.bucket(BUCKET).key(key).metadata(Map.of("sha256", "abc")), RequestBody.fromBytes(bytes));
        HeadObjectResponse head = sdk.headObject(h -> h.bucket(BUCKET).key(key));

        // WHEN the lean client reads it as a stream and as bytes
        byte[] streamed;
        GetObjectResponse response;
        try (ResponseInputStream<GetObjectResponse> in = lean.getObject(g -> g.bucket(BUCKET).key(key))) {
            streamed = in.readAllBytes();
            response = in.response();
        }
        byte[] whole = lean.getObjectAsBytes(g -> g.bucket(BUCKET).key(key)).asByteArray();

        // THEN both are the bytes written, and the response carries S3's headers as the SDK reads them
        assertThat(streamed).isEqualTo(bytes);
        assertThat(whole).isEqualTo(bytes);
        assertThat(response.contentLength()).isEqualTo(bytes.length);
        assertThat(response.eTag()).isEqualTo(head.eTag());
        assertThat(response.lastModified()).isEqualTo(head.lastModified());
        assertThat(response.metadata()).containsEntry("sha256", "abc");
    }

    @Test
    void the_endpoint_should_come_from_AWS_ENDPOINT_URL_as_the_sdks_does() {
        // GIVEN a client whose endpoint is only the environment's global one (an IP address: path-style)
        S3Client configured = LeanClients.from(Optional.of("us-east-1"), Map.of("AWS_ACCESS_KEY_ID",
                        LocalS3Clients.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", LocalS3Clients.SECRET_KEY,
                        "AWS_ENDPOINT_URL", proxy.endpoint().toString()))
                .orElseThrow()
                .s3(ClientUse.MODEL_DOWNLOAD, Duration.ofSeconds(3), Optional.empty());
        sdk.putObject(p -> p.bucket(BUCKET).key("configured"), RequestBody.fromString("via the environment"));

        assertThat(configured.getObjectAsBytes(g -> g.bucket(BUCKET).key("configured")).asUtf8String())
                .isEqualTo("via the environment");
    }

    @Test
    void a_range_should_read_only_its_bytes() {
        sdk.putObject(p -> p.bucket(BUCKET).key("ranged"), RequestBody.fromString("0123456789"));

        byte[] part = lean.getObjectAsBytes(g -> g.bucket(BUCKET).key("ranged").range("bytes=2-4")).asByteArray();

        assertThat(new String(part, StandardCharsets.US_ASCII)).isEqualTo("234");
    }

    @Test
    void a_version_id_should_pin_the_read_to_that_version() {
        // GIVEN an object written twice in a versioned bucket
        String first = sdk.putObject(p -> p.bucket(VERSIONED).key("pinned"), RequestBody.fromString("first")).versionId();
        sdk.putObject(p -> p.bucket(VERSIONED).key("pinned"), RequestBody.fromString("second"));

        // WHEN the first version, and the current one, are read
        var pinned = lean.getObjectAsBytes(g -> g.bucket(VERSIONED).key("pinned").versionId(first));
        var current = lean.getObjectAsBytes(g -> g.bucket(VERSIONED).key("pinned"));

        // and the first by the lean client's own open, which loads none of the SDK's GetObject classes
        LeanS3Client.Opened opened = ((LeanS3Client) lean).open(VERSIONED, "pinned", first);
        String openedBytes;
        try (var in = opened.stream()) {
            openedBytes = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        // THEN each is its own version's bytes
        assertThat(openedBytes).isEqualTo("first");
        assertThat(opened.versionId()).isEqualTo(first);
        assertThat(pinned.asUtf8String()).isEqualTo("first");
        assertThat(pinned.response().versionId()).isEqualTo(first);
        assertThat(current.asUtf8String()).isEqualTo("second");
    }

    @Test
    void the_model_store_should_read_through_the_lean_clients_own_open() throws IOException {
        // GIVEN the model store on the lean client, and a model uploaded by the SDK's
        ModelKey iris = ModelKey.parse("iris/1.1.0");
        ArtifactLocation location = new S3ModelStore(sdk, BUCKET, "models").upload(iris, SampleModels.modelFile(iris));
        S3ModelStore store = new S3ModelStore(lean, BUCKET, "models");

        // WHEN it is opened / THEN its bytes are the model's, an unversioned bucket names no version, and a missing
        // one is not found
        try (OpenedArtifact opened = store.openWithVersion(location)) {
            assertThat(opened.stream().readAllBytes()).isEqualTo(Files.readAllBytes(SampleModels.modelFile(iris)));
            assertThat(opened.versionId()).isNull();
        }
        assertThatThrownBy(() -> store.open(ArtifactLocation.of("s3://" + BUCKET + "/models/iris/9.9.9/model.onnx")))
                .isInstanceOf(ArtifactNotFoundException.class);
    }

    @Test
    void a_missing_key_or_bucket_should_throw_the_sdks_exceptions() {
        assertThatThrownBy(() -> lean.getObjectAsBytes(g -> g.bucket(BUCKET).key("models/absent.onnx")))
                .isInstanceOfSatisfying(NoSuchKeyException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
                });
        assertThatThrownBy(() -> lean.getObjectAsBytes(g -> g.bucket("no-such-bucket").key("k")))
                .isInstanceOfSatisfying(NoSuchBucketException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void a_request_signed_with_the_wrong_secret_should_be_refused() {
        // GIVEN a lean client whose secret is not the one S3Proxy knows
        S3Client wrong = client("not-the-secret");
        sdk.putObject(p -> p.bucket(BUCKET).key("guarded"), RequestBody.fromString("x"));

        // WHEN it reads / THEN S3Proxy refuses the signature: so the right one was checked, and held
        assertThatThrownBy(() -> wrong.getObjectAsBytes(g -> g.bucket(BUCKET).key("guarded")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                });
    }
}
