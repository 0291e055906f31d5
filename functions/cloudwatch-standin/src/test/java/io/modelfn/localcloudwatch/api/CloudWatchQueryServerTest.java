package io.modelfn.localcloudwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.testkit.MutableClock;
import io.modelfn.localcloudwatch.alarms.AlarmState;
import io.modelfn.localcloudwatch.alarms.CloudWatchStandIn;
import io.modelfn.localcloudwatch.alarms.MissingData;
import io.modelfn.localcloudwatch.metrics.MetricStore;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The stand-in's CloudWatch API driven by the real SDK client (2.40, awsQuery) with an endpoint
 * override: PutMetricAlarm with metric math and a classic one, DescribeAlarms with its filters,
 * DeleteAlarms, and a refused request. Local loopback HTTP only.
 */
class CloudWatchQueryServerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
    private CloudWatchStandIn standIn;
    private CloudWatchQueryServer server;
    private CloudWatchClient cloudWatch;

    @BeforeEach
    void setUp() throws Exception {
        standIn = new CloudWatchStandIn(new MetricStore(3_600_000), clock, 1, "eu-west-1", "123456789012", (t, e) -> { });
        server = CloudWatchQueryServer.start(standIn, 0);
        cloudWatch = CloudWatchClient.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void tearDown() {
        cloudWatch.close();
        server.close();
    }

    private static Dimension dimension(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

    private void putErrorRateAlarm(String name) {
        MetricDataQuery errors = MetricDataQuery.builder().id("errors").returnData(false).metricStat(MetricStat.builder()
                .metric(Metric.builder().namespace("ModelFn").metricName("ServerErrors")
                        .dimensions(dimension("Endpoint", "iris"), dimension("Variant", "canary")).build())
                .period(60).stat("Sum").build()).build();
        MetricDataQuery requests = errors.toBuilder().id("requests").metricStat(errors.metricStat().toBuilder()
                .metric(errors.metricStat().metric().toBuilder().metricName("Requests").build()).build()).build();
        cloudWatch.putMetricAlarm(r -> r.alarmName(name).alarmDescription("error rate <&>")
                .metrics(MetricDataQuery.builder().id("rate").expression("IF(requests > 0, errors / requests, 0)")
                        .returnData(true).build(), errors, requests)
                .threshold(0.05).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(3).datapointsToAlarm(2).treatMissingData("notBreaching")
                .alarmActions("arn:aws:lambda:eu-west-1:123456789012:function:rollout:live"));
    }

    @Test
    void put_metric_alarm_should_create_an_alarm_that_describe_alarms_returns_as_it_was_put() {
        // GIVEN a metric-math alarm and a classic p99 alarm put through the SDK
        putErrorRateAlarm("modelfn-local-endpoint-iris-canary-error-rate");
        cloudWatch.putMetricAlarm(r -> r.alarmName("modelfn-local-endpoint-iris-canary-p99-latency").namespace("ModelFn")
                .metricName("Latency").dimensions(dimension("Endpoint", "iris"), dimension("Variant", "canary"))
                .extendedStatistic("p99").period(60).threshold(500.0).evaluationPeriods(2)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        // WHEN they are described by prefix
        var alarms = cloudWatch.describeAlarms(r -> r.alarmNamePrefix("modelfn-local-endpoint-iris-")).metricAlarms();
        // THEN both come back with their settings
        assertThat(alarms).extracting(MetricAlarm::alarmName).containsExactly("modelfn-local-endpoint-iris-canary-error-rate",
                "modelfn-local-endpoint-iris-canary-p99-latency");
        MetricAlarm rate = alarms.get(0);
        assertThat(rate.alarmDescription()).isEqualTo("error rate <&>");
        assertThat(rate.metrics()).hasSize(3);
        assertThat(rate.metrics().get(0).expression()).isEqualTo("IF(requests > 0, errors / requests, 0)");
        assertThat(rate.metrics().get(1).metricStat().metric().dimensions()).contains(dimension("Variant", "canary"));
        assertThat(rate.evaluationPeriods()).isEqualTo(3);
        assertThat(rate.datapointsToAlarm()).isEqualTo(2);
        assertThat(rate.treatMissingData()).isEqualTo("notBreaching");
        assertThat(rate.alarmActions()).containsExactly("arn:aws:lambda:eu-west-1:123456789012:function:rollout:live");
        assertThat(rate.stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
        assertThat(rate.alarmArn()).isEqualTo("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + rate.alarmName());
        MetricAlarm latency = alarms.get(1);
        assertThat(latency.extendedStatistic()).isEqualTo("p99");
        assertThat(latency.datapointsToAlarm()).isEqualTo(2);
        // and the stand-in holds the same definition
        var held = standIn.alarm("modelfn-local-endpoint-iris-canary-error-rate").orElseThrow().definition();
        assertThat(held.treatMissingData()).isEqualTo(MissingData.notBreaching);
        assertThat(held.returned().id()).isEqualTo("rate");
    }

    @Test
    void describe_alarms_should_filter_by_state_and_type_and_delete_alarms_should_remove() {
        putErrorRateAlarm("a-canary-error-rate");
        putErrorRateAlarm("b-canary-error-rate");
        standIn.evaluate(); // no data, notBreaching: both go to OK
        assertThat(cloudWatch.describeAlarms(r -> r.stateValue(StateValue.OK)).metricAlarms()).hasSize(2);
        assertThat(cloudWatch.describeAlarms(r -> r.stateValue(StateValue.ALARM)
                .alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM)).metricAlarms()).isEmpty();
        assertThat(cloudWatch.describeAlarms(r -> r.alarmTypes(AlarmType.COMPOSITE_ALARM)).metricAlarms()).isEmpty();
        assertThat(cloudWatch.describeAlarms(r -> r.alarmNames("b-canary-error-rate")).metricAlarms()).hasSize(1);

        cloudWatch.deleteAlarms(r -> r.alarmNames("a-canary-error-rate"));

        assertThat(cloudWatch.describeAlarms().metricAlarms()).extracting(MetricAlarm::alarmName)
                .containsExactly("b-canary-error-rate");
        assertThat(standIn.alarm("b-canary-error-rate").orElseThrow().state()).isEqualTo(AlarmState.OK);
    }

    @Test
    void put_metric_alarm_should_answer_400_when_the_alarm_is_invalid() {
        assertThatThrownBy(() -> cloudWatch.putMetricAlarm(r -> r.alarmName("bad").namespace("ModelFn").metricName("Latency")
                .statistic("Sum").period(60).threshold(1.0).evaluationPeriods(1).datapointsToAlarm(3)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)))
                .isInstanceOfSatisfying(CloudWatchException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                });
        assertThat(standIn.alarms()).isEmpty();
    }
}
