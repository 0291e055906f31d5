package io.modelfn.rollout;

import io.modelfn.core.notice.RollbackNotice;
import io.modelfn.core.notice.RollbackNotifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/**
 * Publishes rollback notices to one SNS topic with SNS's Query protocol ({@code Action=Publish},
 * {@code Version=2010-03-31}), signed with Signature Version 4 by the SDK's own signer and sent by the
 * SDK's HTTP client: the SNS client module is not served at the SDK version this project pins, and
 * Publish is one form-encoded POST. The role may publish to this topic only (and use its KMS key).
 *
 * <p>Thread-safe (the HTTP client, signer and credentials provider are). {@link #publish} throws
 * {@link SnsPublishException} when SNS refuses the notice or cannot be reached; nothing is retried
 * here (the caller logs the failure; the rollback it reports stands).
 */
public final class SnsTopicPublisher implements RollbackNotifier {

    /** The API version of SNS's Query protocol. */
    static final String API_VERSION = "2010-03-31";
    private static final Pattern MESSAGE_ID = Pattern.compile("<MessageId>([^<]+)</MessageId>");
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]+)</Code>");
    private static final Pattern ERROR_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final URI endpoint;
    private final String topicArn;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param endpoint SNS's endpoint: {@link #endpointOf(Region)} in AWS, an emulator's URL in tests
     */
    public SnsTopicPublisher(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint,
            String topicArn) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
        this.topicArn = topicArn;
    }

    /** SNS's regional endpoint, {@code https://sns.<region>.<partition's DNS suffix>}. */
    public static URI endpointOf(Region region) {
        RegionMetadata metadata = region.metadata();
        String suffix = metadata == null ? "amazonaws.com" : metadata.partition().dnsSuffix();
        return URI.create("https://sns." + region.id() + "." + suffix + "/");
    }

    @Override
    public void publish(RollbackNotice notice) {
        publish(notice.subject(), notice.message());
    }

    /** Publishes one message with its subject to the topic; returns SNS's message id. */
    public String publish(String subject, String message) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "Publish");
        form.put("Version", API_VERSION);
        form.put("TopicArn", topicArn);
        form.put("Subject", subject);
        form.put("Message", message);
        byte[] body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sns")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(ContentStreamProvider.fromByteArray(body)))
                    .build()).call();
            String answer = read(response);
            int status = response.httpResponse().statusCode();
            if (status / 100 != 2) {
                throw new SnsPublishException("SNS refused the notice (HTTP " + status + ", "
                        + first(ERROR_CODE, answer, "no error code") + ": " + first(ERROR_MESSAGE, answer, "") + ")");
            }
            Matcher id = MESSAGE_ID.matcher(answer);
            if (!id.find()) {
                throw new SnsPublishException("SNS answered HTTP " + status + " without a message id");
            }
            return id.group(1);
        } catch (IOException e) {
            throw new SnsPublishException("SNS could not be reached at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static String read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream in = response.responseBody().get()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String first(Pattern pattern, String text, String otherwise) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : otherwise;
    }

    private static String encode(String value) {
        // RFC 3986 form encoding, as SigV4's canonical request and SNS expect (space as %20, not +).
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
