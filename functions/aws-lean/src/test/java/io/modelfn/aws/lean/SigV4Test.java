package io.modelfn.aws.lean;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Our SigV4 against the SDK's own signer: the same request, the same clock, the same Authorization header. */
class SigV4Test {

    private static final Instant NOW = Instant.parse("2026-12-06T15:04:05.678Z");

    @Test
    void a_json_post_should_be_signed_as_the_sdk_signs_it() {
        // GIVEN a DynamoDB Query as the lean client sends it, with temporary credentials
        byte[] body = "{\"TableName\":\"registry\",\"IndexName\":\"kind\"}".getBytes(StandardCharsets.UTF_8);
        Credentials credentials = new Credentials("ASIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "FQoGZXIvYXdzEXAMPLE//token==", null);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "dynamodb.eu-west-1.amazonaws.com");
        headers.put("Content-Type", "application/x-amz-json-1.0");
        headers.put("X-Amz-Target", "DynamoDB_20120810.Query");
        headers.put("x-amz-content-sha256", SigV4.sha256Hex(body));

        // WHEN both sign it
        Map<String, String> ours = new LinkedHashMap<>(headers);
        SigV4.sign("POST", "/", "", true, ours, SigV4.sha256Hex(body), credentials, "eu-west-1", "dynamodb", NOW);
        SignedRequest theirs = sdkSign(SdkHttpMethod.POST, URI.create("https://dynamodb.eu-west-1.amazonaws.com/"),
                headers, body, credentials, "eu-west-1", "dynamodb", true);

        // THEN the signatures, dates and token headers are the same
        assertThat(ours.get("Authorization")).isEqualTo(theirs.request().firstMatchingHeader("Authorization").orElseThrow());
        assertThat(ours.get("X-Amz-Date")).isEqualTo("20261206T150405Z")
                .isEqualTo(theirs.request().firstMatchingHeader("X-Amz-Date").orElseThrow());
        assertThat(ours.get("X-Amz-Security-Token")).isEqualTo(credentials.sessionToken());
    }

    @Test
    void an_s3_get_with_an_awkward_key_and_a_query_should_be_signed_as_the_sdk_signs_it() {
        // GIVEN a GetObject of a key with spaces, a plus, an equals sign and non-ASCII, pinned to a version
        Credentials credentials = new Credentials("AKIDEXAMPLE", "secret/with+chars", null, null);
        String key = "models/my model+v=1/ü/model.onnx";
        String path = "/" + SigV4.uriEncode(key, true);
        String query = "versionId=" + SigV4.uriEncode("3/L4kqtJl40Nr8X8gdRQBpUMLUo+", false);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "bucket.s3.us-east-1.amazonaws.com");
        headers.put("x-amz-content-sha256", SigV4.EMPTY_PAYLOAD_SHA256);
        headers.put("Range", "bytes=0-99");

        // WHEN both sign it, S3's way (the path encoded once)
        Map<String, String> ours = new LinkedHashMap<>(headers);
        SigV4.sign("GET", path, query, false, ours, SigV4.EMPTY_PAYLOAD_SHA256, credentials, "us-east-1", "s3", NOW);
        SignedRequest theirs = sdkSign(SdkHttpMethod.GET,
                URI.create("https://bucket.s3.us-east-1.amazonaws.com" + path + "?" + query), headers, new byte[0],
                credentials, "us-east-1", "s3", false);

        // THEN the Authorization headers are the same, and no token header is added for long-term keys
        assertThat(path).isEqualTo("/models/my%20model%2Bv%3D1/%C3%BC/model.onnx");
        assertThat(ours.get("Authorization")).isEqualTo(theirs.request().firstMatchingHeader("Authorization").orElseThrow());
        assertThat(ours).doesNotContainKey("X-Amz-Security-Token");
    }

    @Test
    void amzDate_should_pad_every_field() {
        assertThat(SigV4.amzDate(Instant.parse("2027-01-02T03:04:05Z"))).isEqualTo("20270102T030405Z");
    }

    private static SignedRequest sdkSign(SdkHttpMethod method, URI uri, Map<String, String> headers, byte[] body,
            Credentials credentials, String region, String service, boolean doubleEncode) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method).uri(uri);
        headers.forEach((name, value) -> {
            if (!name.equals("Host")) {
                request.putHeader(name, value);
            }
        });
        AwsCredentialsIdentity identity = credentials.sessionToken() == null
                ? AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey())
                : AwsSessionCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                        credentials.sessionToken());
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, doubleEncode)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, doubleEncode)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
    }
}
