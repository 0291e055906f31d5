package io.modelfn.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.rollout.AlarmNames;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * What the rollout step reads from CloudWatch through {@link CloudWatchCanarySignals}: the canary's
 * request count (GetMetricData on the contract's metric and dimensions) and the endpoint's alarms in
 * ALARM (DescribeAlarms by name prefix and state), run against each local CloudWatch API: moto_server
 * ({@code MotoCloudWatchCanarySignalsIT}) and LocalStack ({@code LocalStackCloudWatchCanarySignalsIT}).
 *
 * <p>Every test uses endpoint names of its own, so tests that share an engine never see each other's
 * data or alarms.
 */
abstract class CloudWatchCanarySignalsContract {

    private static final String PREFIX = "modelfn-";
    private static final AtomicInteger ENDPOINTS = new AtomicInteger();

    /** A client of the engine's CloudWatch API. */
    protected abstract CloudWatchClient cloudWatch();

    /** An endpoint name no other test of this JVM uses. */
    protected static String newEndpoint() {
        return "ep" + ENDPOINTS.incrementAndGet();
    }

    private CloudWatchCanarySignals signals() {
        return new CloudWatchCanarySignals(cloudWatch(), PREFIX, Duration.ofMinutes(1));
    }

    private void putRequests(String endpoint, String variant, Instant at, double count) {
        cloudWatch().putMetricData(p -> p.namespace(MetricsContract.NAMESPACE).metricData(MetricDatum.builder()
                .metricName(MetricsContract.REQUESTS)
                .dimensions(dimension(MetricsContract.ENDPOINT, endpoint), dimension(MetricsContract.VARIANT, variant))
                .timestamp(at)
                .value(count)
                .unit(StandardUnit.COUNT)
                .build()));
    }

    /** A metric alarm on the canary's requests, as the CDK app names them, set to {@code state}. */
    protected void alarm(String name, String endpoint, StateValue state) {
        cloudWatch().putMetricAlarm(a -> a.alarmName(name)
                .namespace(MetricsContract.NAMESPACE)
                .metricName(MetricsContract.REQUESTS)
                .dimensions(dimension(MetricsContract.ENDPOINT, endpoint), dimension(MetricsContract.VARIANT, Variant.CANARY))
                .statistic(Statistic.SUM)
                .period(60)
                .evaluationPeriods(1)
                .threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
        cloudWatch().setAlarmState(s -> s.alarmName(name).stateValue(state).stateReason("set by the test"));
    }

    private static Dimension dimension(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

    @Test
    void canaryRequests_should_sum_the_canary_requests_of_the_endpoint_within_the_window() {
        // GIVEN canary requests of the endpoint inside the window (5 + 7 + 11), one older point, the
        // stable variant's requests and another endpoint's canary requests
        String endpoint = newEndpoint();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        putRequests(endpoint, Variant.CANARY, now.minus(Duration.ofMinutes(10)), 5);
        putRequests(endpoint, Variant.CANARY, now.minus(Duration.ofMinutes(5)), 7);
        putRequests(endpoint, Variant.CANARY, now.minus(Duration.ofMinutes(2)), 11);
        putRequests(endpoint, Variant.CANARY, now.minus(Duration.ofMinutes(40)), 1000);
        putRequests(endpoint, Variant.STABLE, now.minus(Duration.ofMinutes(5)), 100);
        putRequests(newEndpoint(), Variant.CANARY, now.minus(Duration.ofMinutes(5)), 10_000);

        // WHEN the last 15 minutes are read
        long requests = signals().canaryRequests(endpoint, now.minus(Duration.ofMinutes(15)), now);

        // THEN only this endpoint's canary points of the window count
        assertThat(requests).isEqualTo(23);
    }

    @Test
    void alarmsFiring_should_name_the_endpoints_alarms_in_alarm_and_not_those_in_ok() {
        // GIVEN two of the endpoint's alarms in ALARM and one in OK
        String endpoint = newEndpoint();
        String errorRate = AlarmNames.name(PREFIX, endpoint, Variant.CANARY, AlarmNames.ERROR_RATE);
        String latency = AlarmNames.name(PREFIX, endpoint, Variant.CANARY, AlarmNames.P99_LATENCY);
        String stable = AlarmNames.name(PREFIX, endpoint, Variant.STABLE, AlarmNames.ERROR_RATE);
        alarm(errorRate, endpoint, StateValue.ALARM);
        alarm(latency, endpoint, StateValue.OK);
        alarm(stable, endpoint, StateValue.ALARM);

        // WHEN / THEN
        assertThat(signals().alarmsFiring(endpoint)).containsExactlyInAnyOrder(errorRate, stable);
    }

    @Test
    void alarmsFiring_should_leave_out_the_alarms_of_an_endpoint_whose_name_extends_this_ones() {
        // GIVEN an alarm of the endpoint and one of "<endpoint>-v2", both in ALARM (one name prefix finds both)
        String endpoint = newEndpoint();
        String own = AlarmNames.name(PREFIX, endpoint, Variant.CANARY, AlarmNames.ERROR_RATE);
        String other = AlarmNames.name(PREFIX, endpoint + "-v2", Variant.CANARY, AlarmNames.ERROR_RATE);
        alarm(own, endpoint, StateValue.ALARM);
        alarm(other, endpoint + "-v2", StateValue.ALARM);

        // WHEN / THEN
        assertThat(signals().alarmsFiring(endpoint)).containsExactly(own);
    }

    @Test
    void alarmsFiring_should_name_a_composite_alarm_of_the_endpoint_in_alarm() {
        // GIVEN a metric alarm of the endpoint in OK and a composite alarm over it, set to ALARM
        String endpoint = newEndpoint();
        String errorRate = AlarmNames.name(PREFIX, endpoint, Variant.CANARY, AlarmNames.ERROR_RATE);
        String composite = AlarmNames.name(PREFIX, endpoint, Variant.CANARY, "any");
        alarm(errorRate, endpoint, StateValue.OK);
        cloudWatch().putCompositeAlarm(c -> c.alarmName(composite).alarmRule("ALARM(\"" + errorRate + "\")"));
        cloudWatch().setAlarmState(s -> s.alarmName(composite).stateValue(StateValue.ALARM).stateReason("set by the test"));

        // WHEN / THEN
        assertThat(signals().alarmsFiring(endpoint)).containsExactly(composite);
    }
}
