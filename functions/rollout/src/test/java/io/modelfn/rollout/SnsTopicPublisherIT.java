package io.modelfn.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.notice.RollbackNotice;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Rollback notices through SNS's Query protocol, against moto_server's SNS; what the topic received is
 * read back from moto's own API ({@code /moto-api/data.json}: each topic's {@code sent_notifications}).
 */
class SnsTopicPublisherIT {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    private static MotoServer moto;
    private static SdkHttpClient http;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        http = UrlConnectionHttpClient.create();
    }

    @AfterAll
    static void stopMoto() {
        if (http != null) {
            http.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void publish_should_hand_the_topic_the_notices_subject_and_json_message() throws Exception {
        // GIVEN the stage's topic and a notice of a canary rolled back by its alarm
        String topic = createTopic("modelfn-it-alarms");
        RollbackNotice notice = new RollbackNotice("ROLLED_BACK", "iris", null, "iris/1.1.0", "iris/1.0.0",
                "production -> 1.0.0", "modelfn-it-iris-canary-error-rate",
                "Threshold Crossed: 2 out of the last 2 datapoints [0.5 (05/12/26 22:00:00)] > 0.05 & more",
                "alarm modelfn-it-iris-canary-error-rate", Instant.parse("2026-12-05T22:01:00Z"));
        SnsTopicPublisher publisher = new SnsTopicPublisher(http, CREDENTIALS, Region.US_EAST_1, URI.create(moto.endpoint()),
                topic);

        // WHEN it is published
        publisher.publish(notice);

        // THEN the topic holds exactly that subject and message (characters a form must encode included)
        JsonNode sent = sentNotifications(topic);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).get(2).asText()).isEqualTo(notice.subject());
        assertThat(sent.get(0).get(1).asText()).isEqualTo(notice.message());
        assertThat(new ObjectMapper().readTree(sent.get(0).get(1).asText()).path("alarm").path("reason").asText())
                .endsWith("> 0.05 & more");
    }

    @Test
    void publish_should_throw_naming_snss_error_when_the_topic_does_not_exist() {
        // GIVEN a topic ARN that names no topic
        SnsTopicPublisher publisher = new SnsTopicPublisher(http, CREDENTIALS, Region.US_EAST_1, URI.create(moto.endpoint()),
                "arn:aws:sns:us-east-1:123456789012:modelfn-it-missing");

        // WHEN a notice is published THEN SNS's refusal is thrown, with its error code
        assertThatThrownBy(() -> publisher.publish("subject", "{}"))
                .isInstanceOf(SnsPublishException.class).hasMessageContaining("NotFound");
    }

    @Test
    void publish_should_throw_when_sns_cannot_be_reached() {
        // GIVEN an endpoint nobody listens on
        SnsTopicPublisher publisher = new SnsTopicPublisher(http, CREDENTIALS, Region.US_EAST_1,
                URI.create("http://127.0.0.1:9"), "arn:aws:sns:us-east-1:123456789012:modelfn-it-alarms");

        // WHEN a notice is published THEN the failure is thrown as the publisher's own
        assertThatThrownBy(() -> publisher.publish("subject", "{}"))
                .isInstanceOf(SnsPublishException.class).hasMessageContaining("could not be reached");
    }

    @Test
    void endpointOf_should_name_snss_regional_endpoint_of_the_regions_partition() {
        assertThat(SnsTopicPublisher.endpointOf(Region.EU_WEST_1)).hasToString("https://sns.eu-west-1.amazonaws.com/");
        assertThat(SnsTopicPublisher.endpointOf(Region.CN_NORTH_1)).hasToString("https://sns.cn-north-1.amazonaws.com.cn/");
    }

    /** CreateTopic, signed as the publisher signs (moto routes a Query request by its signature's service). */
    private static String createTopic(String name) throws Exception {
        byte[] body = ("Action=CreateTopic&Version=" + SnsTopicPublisher.API_VERSION + "&Name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(moto.endpoint()))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(CREDENTIALS.resolveCredentials()).request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sns")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        var response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                .contentStreamProvider(ContentStreamProvider.fromByteArray(body)).build()).call();
        String answer;
        try (InputStream in = response.responseBody().orElseThrow()) {
            answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher arn = Pattern.compile("<TopicArn>([^<]+)</TopicArn>").matcher(answer);
        assertThat(arn.find()).as("CreateTopic answered: %s", answer).isTrue();
        return arn.group(1);
    }

    private static JsonNode sentNotifications(String topicArn) throws Exception {
        JsonNode data;
        try (InputStream in = URI.create(moto.endpoint() + "/moto-api/data.json").toURL().openStream()) {
            data = new ObjectMapper().readTree(in);
        }
        for (JsonNode topic : data.path("sns").path("Topic")) {
            if (topic.path("arn").asText().equals(topicArn)) {
                return topic.path("sent_notifications");
            }
        }
        throw new AssertionError("moto holds no topic " + topicArn);
    }
}
