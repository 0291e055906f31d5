package io.modelfn.inference.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.store.ArtifactNotFoundException;
import io.modelfn.core.store.ModelSourceRefusedException;
import io.modelfn.core.store.ModelStoreUnavailableException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The location rules and the error mapping of {@link S3ModelStore}, on a stub client: no network. */
class S3ModelStoreTest {

    private static final String BUCKET = "models-bucket";
    private static final String IRIS = "s3://models-bucket/models/iris/1.1.0/model.onnx";

    private final StubS3 s3 = new StubS3();
    private final S3ModelStore store = new S3ModelStore(s3, BUCKET, "models");

    @Test
    void locationOf_should_place_a_version_under_the_prefix_in_the_models_layout() {
        // GIVEN / WHEN
        ArtifactLocation location = store.locationOf(ModelKey.parse("iris/1.1.0"));

        // THEN
        assertThat(location).isEqualTo(new ArtifactLocation(IRIS, null));
        assertThat(store.accepts(location)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"models", "models/"})
    void describe_should_end_the_prefix_with_a_slash_when_it_is_configured_with_or_without_one(String prefix) {
        // GIVEN / WHEN
        S3ModelStore configured = new S3ModelStore(s3, BUCKET, prefix);

        // THEN
        assertThat(configured.describe()).isEqualTo("s3://models-bucket/models/");
        assertThat(configured.locationOf(ModelKey.parse("iris/1.1.0")).uri()).isEqualTo(IRIS);
    }

    @Test
    void accepts_should_allow_any_safe_key_in_the_bucket_when_the_prefix_is_empty() {
        // GIVEN
        S3ModelStore wholeBucket = new S3ModelStore(s3, BUCKET, "");

        // WHEN / THEN
        assertThat(wholeBucket.describe()).isEqualTo("s3://models-bucket/");
        assertThat(wholeBucket.locationOf(ModelKey.parse("iris/1.1.0")).uri())
                .isEqualTo("s3://models-bucket/iris/1.1.0/model.onnx");
        assertThat(wholeBucket.accepts(ArtifactLocation.of("s3://models-bucket/iris/1.1.0/model.onnx"))).isTrue();
        assertThat(wholeBucket.accepts(ArtifactLocation.of("s3://other-bucket/iris/1.1.0/model.onnx"))).isFalse();
    }

    @Test
    void accepts_should_allow_a_pinned_version_when_it_is_a_plain_token() {
        // GIVEN / WHEN / THEN
        assertThat(store.accepts(new ArtifactLocation(IRIS, "3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY"))).isTrue();
        assertThat(store.accepts(new ArtifactLocation(IRIS, "null"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "s3://other-bucket/models/iris/1.1.0/model.onnx",
        "s3://models-bucket-2/models/iris/1.1.0/model.onnx",
        "s3://models-bucket.evil.example/models/iris/1.1.0/model.onnx",
        "s3://evil@models-bucket/models/iris/1.1.0/model.onnx",
        "s3://models-bucket:443/models/iris/1.1.0/model.onnx",
        "s3://MODELS-BUCKET/models/iris/1.1.0/model.onnx",
        "S3://models-bucket/models/iris/1.1.0/model.onnx",
        "s3a://models-bucket/models/iris/1.1.0/model.onnx",
        "s3:/models-bucket/models/iris/1.1.0/model.onnx",
        "s3://models-bucket",
        "s3://models-bucket/",
        "s3://models-bucket/models/",
        "s3://models-bucket/models",
        "s3://models-bucket/other/iris/1.1.0/model.onnx",
        "s3://models-bucket/models-evil/iris/1.1.0/model.onnx",
        "s3://models-bucket/secrets.txt",
        "s3://models-bucket/models/../secrets/x",
        "s3://models-bucket/models/iris/../../secrets/x",
        "s3://models-bucket/models/./iris/model.onnx",
        "s3://models-bucket/models//iris/1.1.0/model.onnx",
        "s3://models-bucket/models/iris/1.1.0/",
        "s3://models-bucket//models/iris/1.1.0/model.onnx",
        "s3://models-bucket/models/%2e%2e/secrets/x",
        "s3://models-bucket/models/iris\\..\\..\\secrets",
        "s3://models-bucket/models/iris/1.1.0/model.onnx?versionId=abc",
        "s3://models-bucket/models/iris/1.1.0/model.onnx#x",
        "s3://models-bucket/models/iris/1.1.0/model.onnx\n",
        "https://models-bucket.s3.amazonaws.com/models/iris/1.1.0/model.onnx",
        "http://models-bucket.s3.us-east-1.amazonaws.com/models/iris/1.1.0/model.onnx",
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "file:///etc/passwd",
        "file:models/iris/1.1.0/model.onnx",
        "local:iris/1.1.0/model.onnx",
        "models/iris/1.1.0/model.onnx",
        "",
    })
    void open_should_refuse_without_any_s3_call_when_the_location_is_outside_the_bucket_and_prefix(String uri) {
        // GIVEN a location the store must never fetch
        ArtifactLocation location = ArtifactLocation.of(uri);

        // WHEN / THEN it is refused, the message names what is allowed, and S3 is never called
        assertThat(store.accepts(location)).isFalse();
        assertThatThrownBy(() -> store.open(location))
                .isInstanceOf(ModelSourceRefusedException.class)
                .hasMessageContaining("s3://models-bucket/models/");
        assertThat(s3.requests).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc\ndef", "abc def", "v1\u0000"})
    void open_should_refuse_without_any_s3_call_when_the_version_id_is_not_a_plain_token(String versionId) {
        // GIVEN / WHEN / THEN
        assertThatThrownBy(() -> store.open(new ArtifactLocation(IRIS, versionId)))
                .isInstanceOf(ModelSourceRefusedException.class);
        assertThat(s3.requests).isEmpty();
    }

    @Test
    void open_should_echo_at_most_200_characters_when_it_refuses_a_long_location() {
        // GIVEN a long location whose end carries a marker
        String uri = "https://evil.example/" + "a".repeat(5000) + "END-MARKER";

        // WHEN / THEN
        assertThatThrownBy(() -> store.open(ArtifactLocation.of(uri)))
                .isInstanceOf(ModelSourceRefusedException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("s3://models-bucket/models/")
                        .contains(uri.substring(0, 200))
                        .doesNotContain(uri.substring(0, 201))
                        .doesNotContain("END-MARKER"));
    }

    @Test
    void open_should_pin_the_object_version_when_the_location_has_one() {
        // GIVEN
        s3.answer = () -> stream("v1 bytes");

        // WHEN
        store.open(new ArtifactLocation(IRIS, "v1"));
        store.open(ArtifactLocation.of(IRIS));

        // THEN one GetObject each, on the configured bucket, the first pinned and the second not
        assertThat(s3.requests).hasSize(2);
        assertThat(s3.requests.get(0).bucket()).isEqualTo(BUCKET);
        assertThat(s3.requests.get(0).key()).isEqualTo("models/iris/1.1.0/model.onnx");
        assertThat(s3.requests.get(0).versionId()).isEqualTo("v1");
        assertThat(s3.requests.get(1).versionId()).isNull();
    }

    static Stream<Arguments> notFound() {
        return Stream.of(
                Arguments.of("NoSuchKey", NoSuchKeyException.builder().statusCode(404)
                        .awsErrorDetails(details("NoSuchKey")).message("The specified key does not exist.").build()),
                Arguments.of("NoSuchVersion", S3Exception.builder().statusCode(404)
                        .awsErrorDetails(details("NoSuchVersion")).message("The specified version does not exist.").build()),
                Arguments.of("404 without a body", S3Exception.builder().statusCode(404).build()),
                Arguments.of("malformed version id", S3Exception.builder().statusCode(400)
                        .awsErrorDetails(details("InvalidArgument")).message("Invalid version id specified").build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notFound")
    void open_should_throw_not_found_when_s3_has_no_such_key_or_version(String what, SdkException failure) {
        // GIVEN
        s3.answer = () -> {
            throw failure;
        };

        // WHEN / THEN
        assertThatThrownBy(() -> store.open(new ArtifactLocation(IRIS, "v1")))
                .isInstanceOf(ArtifactNotFoundException.class)
                .hasMessageContaining(IRIS);
    }

    static Stream<Arguments> unavailable() {
        return Stream.of(
                Arguments.of("throttled", S3Exception.builder().statusCode(503)
                        .awsErrorDetails(details("SlowDown")).message("Please reduce your request rate.").build()),
                Arguments.of("internal error", S3Exception.builder().statusCode(500)
                        .awsErrorDetails(details("InternalError")).build()),
                Arguments.of("access denied", S3Exception.builder().statusCode(403)
                        .awsErrorDetails(details("AccessDenied")).build()),
                Arguments.of("no such bucket", NoSuchBucketException.builder().statusCode(404)
                        .awsErrorDetails(details("NoSuchBucket")).build()),
                Arguments.of("timeout", ApiCallTimeoutException.create(2000)),
                Arguments.of("connection refused", SdkClientException.create("Unable to execute HTTP request")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unavailable")
    void open_should_throw_unavailable_when_s3_fails_for_any_other_reason(String what, SdkException failure) {
        // GIVEN
        s3.answer = () -> {
            throw failure;
        };

        // WHEN / THEN
        assertThatThrownBy(() -> store.open(ArtifactLocation.of(IRIS)))
                .isInstanceOf(ModelStoreUnavailableException.class)
                .hasCause(failure)
                .hasMessageContaining(IRIS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Models_Bucket", "ab", "-models", "models-", "s3://models-bucket", "models/bucket"})
    void constructor_should_refuse_when_the_bucket_name_is_invalid(String bucket) {
        // GIVEN / WHEN / THEN
        assertThatThrownBy(() -> new S3ModelStore(s3, bucket, "models")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/models", "/", "models//", "../models", "models/../x", "models\\x", "%2e%2e"})
    void constructor_should_refuse_when_the_prefix_is_not_safe_segments(String prefix) {
        // GIVEN / WHEN / THEN
        assertThatThrownBy(() -> new S3ModelStore(s3, BUCKET, prefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void locationOf_should_refuse_when_the_name_or_version_is_not_a_safe_segment() {
        // GIVEN / WHEN / THEN
        assertThatThrownBy(() -> store.locationOf(new ModelKey("iris", "../../secrets")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static AwsErrorDetails details(String code) {
        return AwsErrorDetails.builder().errorCode(code).serviceName("S3").build();
    }

    private static ResponseInputStream<GetObjectResponse> stream(String text) {
        return new ResponseInputStream<>(GetObjectResponse.builder().build(),
                AbortableInputStream.create(new ByteArrayInputStream(text.getBytes())));
    }

    /** Records GetObject requests and answers them as told; every other call fails. */
    private static final class StubS3 implements S3Client {

        final List<GetObjectRequest> requests = new ArrayList<>();
        Supplier<ResponseInputStream<GetObjectResponse>> answer = () -> {
            throw new AssertionError("unexpected GetObject");
        };

        @Override
        public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
            requests.add(request);
            return answer.get();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }
}
