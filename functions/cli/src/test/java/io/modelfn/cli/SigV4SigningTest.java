package io.modelfn.cli;

import static io.modelfn.cli.testing.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.cli.testing.AdminAnswers;
import io.modelfn.cli.testing.CliRun;
import io.modelfn.cli.testing.RecordedRequest;
import io.modelfn.cli.testing.StubAdminServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@code --sigv4}: requests carry an AWS Signature Version 4 for service execute-api, and the
 * signature is right for the bytes the server received (recomputed here independently of the SDK).
 */
class SigV4SigningTest {

    private static final String ACCESS_KEY = "AKIDEXAMPLE";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

    private StubAdminServer server;

    @BeforeEach
    void startServer() {
        server = StubAdminServer.start()
                .answer("models", AdminAnswers.MODELS)
                .answer("versions/archive", AdminAnswers.version("1.0.0", "ARCHIVED", 0.73));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void sigv4_should_signForExecuteApiInGivenRegion_when_credentialsInjected() throws Exception {
        // GIVEN
        CliRun cli = cli().credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));

        // WHEN
        CliRun.Result result = cli.run("versions", "archive", "iris", "1.0.0", "--url", server.url(), "--sigv4",
                "--region", "eu-west-1");

        // THEN
        assertThat(result.exitCode()).as(result.err()).isZero();
        RecordedRequest request = server.onlyRequest();
        String authorization = request.header("Authorization").orElseThrow();
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 ");
        Matcher parts = AUTHORIZATION.matcher(authorization);
        assertThat(parts.matches()).as(authorization).isTrue();
        assertThat(parts.group(1)).isEqualTo(ACCESS_KEY);
        assertThat(parts.group(3)).isEqualTo("eu-west-1");
        assertThat(parts.group(4)).isEqualTo("execute-api");
        assertThat(parts.group(5).split(";")).contains("host", "x-amz-date", "content-type", "idempotency-key");
        assertThat(request.header("X-Amz-Date")).get().asString().matches("\\d{8}T\\d{6}Z").startsWith(parts.group(2));
        assertThat(parts.group(6)).as("signature over what the server received").isEqualTo(expectedSignature(request, parts));
    }

    @Test
    void sigv4_should_sendSecurityToken_when_credentialsAreTemporary() {
        // GIVEN
        CliRun cli = cli().credentials(StaticCredentialsProvider.create(
                AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, "session-token-1")));

        // WHEN
        cli.run("models", "list", "--url", server.url(), "--sigv4", "--region", "us-east-1");

        // THEN
        assertThat(server.onlyRequest().header("X-Amz-Security-Token")).contains("session-token-1");
    }

    @Test
    void sigv4_should_useDefaultChainSystemProperties_when_noProviderInjected() {
        // GIVEN static test credentials where the default chain looks first
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        try {
            // WHEN
            CliRun.Result result = cli().environment(Map.of("AWS_REGION", "eu-central-1"))
                    .run("models", "list", "--url", server.url(), "--sigv4");

            // THEN
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(server.onlyRequest().header("Authorization")).get().asString()
                    .startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
                    .contains("/eu-central-1/execute-api/aws4_request");
            assertThat(server.onlyRequest().header("X-Amz-Date")).isPresent();
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void sigv4_should_exitAuthFailedAndSendNothing_when_noCredentials() {
        // GIVEN
        CliRun cli = cli().credentials(() -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        });

        // WHEN
        CliRun.Result result = cli.run("models", "list", "--url", server.url(), "--sigv4", "--region", "eu-west-1");

        // THEN
        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.err()).startsWith("modelfn: no AWS credentials for --sigv4: Unable to load credentials");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void sigv4_should_exitUsageError_when_noRegionAnywhere(@TempDir Path folder) throws Exception {
        // GIVEN no region option, variable or profile
        Path emptyConfig = Files.writeString(folder.resolve("config"), "");
        System.setProperty("aws.configFile", emptyConfig.toString());
        try {
            // WHEN
            CliRun.Result result = cli().credentials(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))).run("models", "list", "--url", server.url(), "--sigv4");

            // THEN
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).startsWith("modelfn: --sigv4 needs a region");
            assertThat(server.requests()).isEmpty();
        } finally {
            System.clearProperty("aws.configFile");
        }
    }

    @Test
    void regionOfExecuteApiHost_should_readRegion_when_hostIsApiGateway() {
        assertThat(ModelfnCommand.regionOfExecuteApiHost("abc123.execute-api.eu-west-1.amazonaws.com")).contains("eu-west-1");
        assertThat(ModelfnCommand.regionOfExecuteApiHost("admin.example.com")).isEmpty();
    }

    /** SigV4 by the book, from the request as received: canonical request, string to sign, HMAC chain. */
    private static String expectedSignature(RecordedRequest request, Matcher parts) throws GeneralSecurityException {
        String date = parts.group(2);
        String scope = date + "/" + parts.group(3) + "/" + parts.group(4) + "/aws4_request";
        String signedHeaders = parts.group(5);
        String canonicalHeaders = Stream.of(signedHeaders.split(";"))
                .map(name -> name + ":" + request.header(name).orElseThrow().strip() + "\n")
                .collect(Collectors.joining());
        String canonicalRequest = String.join("\n", request.method(), request.path(), "", canonicalHeaders, signedHeaders,
                hex(sha256(request.body())));
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", request.header("X-Amz-Date").orElseThrow(), scope,
                hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), date);
        for (String part : new String[] {parts.group(3), parts.group(4), "aws4_request"}) {
            key = hmac(key, part);
        }
        return hex(hmac(key, stringToSign));
    }

    private static byte[] sha256(byte[] bytes) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
    }
}
