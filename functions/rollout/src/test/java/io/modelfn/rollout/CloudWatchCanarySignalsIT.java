package io.modelfn.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.rollout.AlarmNames;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import io.modelfn.localcloudwatch.alarms.CloudWatchStandIn;
import io.modelfn.localcloudwatch.api.CloudWatchQueryServer;
import io.modelfn.localcloudwatch.metrics.MetricStore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;

/**
 * The rollout function's CloudWatch adapter against the CloudWatch stand-in's API (modelfn-cloudwatch-standin):
 * the state filter of DescribeAlarms, which moto_server ignores beside a name prefix, with an alarm the
 * stand-in drove to ALARM from the metrics of 500s. The adapter's other behaviour is the contract
 * ({@link CloudWatchCanarySignalsContract}) run on moto_server and LocalStack.
 */
class CloudWatchCanarySignalsIT {

    private static final String PREFIX = "modelfn-it-endpoint-";

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
