package io.modelfn.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.rollout.AlarmNames;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import io.modelfn.localcloudwatch.alarms.CloudWatchStandIn;
import io.modelfn.localcloudwatch.api.CloudWatchQueryServer;
import io.modelfn.localcloudwatch.metrics.MetricStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The rollout function's CloudWatch adapter against moto_server's CloudWatch (moto 5.2 serves the awsQuery
 * protocol that SDK 2.40 speaks): the canary's request count comes from GetMetricData on the metric and
 * dimensions the functions emit, and the firing alarms from DescribeAlarms, only the endpoint's own.
 * moto's DescribeAlarms applies only one of its filters, so the state filter is checked against the
 * CloudWatch stand-in's API (modelfn-cloudwatch-standin), with an alarm that its metrics drove to ALARM.
 */
class CloudWatchCanarySignalsIT {

    private static final String PREFIX = "modelfn-it-endpoint-";

    private static MotoServer moto;
    private static CloudWatchClient cloudWatch;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        cloudWatch = CloudWatchClient.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopMoto() {
        if (cloudWatch != null) {
            cloudWatch.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private static void requests(String endpoint, String variant, double count, Instant at) {
        cloudWatch.putMetricData(r -> r.namespace(MetricsContract.NAMESPACE).metricData(MetricDatum.builder()
                .metricName(MetricsContract.REQUESTS).value(count).timestamp(at)
                .dimensions(Dimension.builder().name(MetricsContract.ENDPOINT).value(endpoint).build(),
                        Dimension.builder().name(MetricsContract.VARIANT).value(variant).build())
                .build()));
    }

    private static void alarm(String name, StateValue state) {
        cloudWatch.putMetricAlarm(r -> r.alarmName(name).namespace(MetricsContract.NAMESPACE).metricName(MetricsContract.REQUESTS)
                .statistic("Sum").period(60).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        cloudWatch.setAlarmState(r -> r.alarmName(name).stateValue(state).stateReason("set by the test"));
    }

    @Test
    void canaryRequests_should_sum_the_canary_requests_of_the_endpoint_in_the_window() {
        // GIVEN canary requests of iris in two minutes, and requests that must not count
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        requests("iris", "canary", 30, now.minus(Duration.ofMinutes(3)));
        requests("iris", "canary", 12, now.minus(Duration.ofMinutes(2)));
        requests("iris", "stable", 500, now.minus(Duration.ofMinutes(2)));
        requests("digits", "canary", 7, now.minus(Duration.ofMinutes(2)));
        requests("iris", "canary", 1000, now.minus(Duration.ofMinutes(30)));
        var signals = new CloudWatchCanarySignals(cloudWatch, PREFIX, Duration.ofMinutes(1));
        // WHEN the last ten minutes are read
        long count = signals.canaryRequests("iris", now.minus(Duration.ofMinutes(10)), now);
        // THEN only iris's canary requests in the window count
        assertThat(count).isEqualTo(42);
        assertThat(signals.canaryRequests("iris", now, now)).isZero();
    }

    @Test
    void alarmsFiring_should_name_the_endpoints_alarms_and_not_those_of_an_endpoint_whose_name_extends_it() {
        // moto applies only one filter of DescribeAlarms (the name prefix here, not StateValue): every alarm is in ALARM
        alarm(AlarmNames.name(PREFIX, "iris", "canary", AlarmNames.ERROR_RATE), StateValue.ALARM);
        alarm(AlarmNames.name(PREFIX, "iris-v2", "canary", AlarmNames.ERROR_RATE), StateValue.ALARM);
        var signals = new CloudWatchCanarySignals(cloudWatch, PREFIX, Duration.ofMinutes(1));

        assertThat(signals.alarmsFiring("iris")).containsExactly(AlarmNames.name(PREFIX, "iris", "canary", AlarmNames.ERROR_RATE));
        assertThat(signals.alarmsFiring("digits")).isEmpty();
    }

    @Test
    void alarmsFiring_should_leave_out_alarms_that_are_not_in_alarm_when_read_from_the_cloudwatch_stand_in() throws Exception {
        // GIVEN the stand-in's API with two alarms of iris, one of them driven to ALARM by the metrics of 500s
        var clock = new io.modelfn.core.testkit.MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
        var standIn = new CloudWatchStandIn(new MetricStore(3_600_000), clock, 1, "us-east-1", "123456789012", (t, e) -> { });
        try (var server = CloudWatchQueryServer.start(standIn, 0);
                var client = CloudWatchClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
            String errors = AlarmNames.name(PREFIX, "iris", "canary", AlarmNames.ERROR_RATE);
            String latency = AlarmNames.name(PREFIX, "iris", "canary", AlarmNames.P99_LATENCY);
            for (String name : new String[] {errors, latency}) {
                client.putMetricAlarm(r -> r.alarmName(name).namespace(MetricsContract.NAMESPACE)
                        .metricName(name.equals(errors) ? MetricsContract.SERVER_ERRORS : MetricsContract.LATENCY)
                        .dimensions(Dimension.builder().name(MetricsContract.ENDPOINT).value("iris").build(),
                                Dimension.builder().name(MetricsContract.VARIANT).value("canary").build())
                        .statistic(name.equals(errors) ? "Sum" : "Maximum").period(60).evaluationPeriods(1)
                        .threshold(name.equals(errors) ? 0.0 : 500.0).treatMissingData("notBreaching")
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
            }
            var emf = new io.modelfn.core.metrics.EmfMetrics(standIn::ingest, clock);
            emf.record(new io.modelfn.core.metrics.RequestMetrics("iris", "canary", "iris", "1.2.0", 500, 12, -1, -1, -1,
                    false, "r1"));
            clock.advance(Duration.ofMinutes(1));
            standIn.evaluate();
            var signals = new CloudWatchCanarySignals(client, PREFIX, Duration.ofMinutes(1));
            // WHEN the firing alarms are read THEN only the one in ALARM is named
            assertThat(signals.alarmsFiring("iris")).containsExactly(errors);
        }
    }
}
