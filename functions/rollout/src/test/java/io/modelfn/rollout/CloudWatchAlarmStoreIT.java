package io.modelfn.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.rollout.AlarmThresholds;
import io.modelfn.core.rollout.EndpointAlarms;
import io.modelfn.core.rollout.ReleaseAlarmKeeper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/** The alarms of releases in CloudWatch, against moto_server's CloudWatch API (the Query protocol SDK 2.40 speaks). */
class CloudWatchAlarmStoreIT {

    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:modelfn-test-alarms";
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

    @Test
    void put_names_and_delete_should_keep_the_alarms_of_a_release_by_prefix() {
        // GIVEN the store and the canary alarms of two endpoints whose names share a prefix
        CloudWatchAlarmStore store = new CloudWatchAlarmStore(cloudWatch,
                new CloudWatchAlarmRequests(Optional.empty(), Optional.of(TOPIC)));
        List<AlarmDefinition> iris = EndpointAlarms.canary("modelfn-it-", "iris", AlarmThresholds.DEFAULTS);
        List<AlarmDefinition> irisV2 = EndpointAlarms.canary("modelfn-it-", "iris-v2", AlarmThresholds.DEFAULTS);

        // WHEN both are put, twice (idempotent)
        List<AlarmDefinition> all = new ArrayList<>(iris);
        all.addAll(irisV2);
        store.put(all);
        store.put(iris);

        // THEN CloudWatch holds them, found by prefix, with the definition's properties
        assertThat(store.names("modelfn-it-iris-canary-")).containsExactlyInAnyOrder(
                "modelfn-it-iris-canary-error-rate", "modelfn-it-iris-canary-p99-latency", "modelfn-it-iris-canary-accuracy");
        assertThat(store.names("modelfn-it-")).hasSize(6);
        MetricAlarm latency = cloudWatch.describeAlarms(r -> r.alarmNames("modelfn-it-iris-canary-p99-latency"))
                .metricAlarms().get(0);
        assertThat(latency.extendedStatistic()).isEqualTo("p99");
        assertThat(latency.threshold()).isEqualTo(1000.0);
        assertThat(latency.evaluationPeriods()).isEqualTo(2);
        assertThat(latency.treatMissingData()).isEqualTo("notBreaching");
        assertThat(latency.alarmActions()).containsExactly(TOPIC);
        MetricAlarm errorRate = cloudWatch.describeAlarms(r -> r.alarmNames("modelfn-it-iris-canary-error-rate"))
                .metricAlarms().get(0);
        assertThat(errorRate.metrics()).extracting(q -> q.id()).containsExactlyInAnyOrder("expr_1", "errors", "requests");

        // WHEN one endpoint's are deleted, one of them twice
        store.delete(iris.stream().map(AlarmDefinition::name).toList());
        store.delete(List.of("modelfn-it-iris-canary-accuracy"));

        // THEN only the other endpoint's remain
        assertThat(store.names("modelfn-it-")).hasSize(3).allMatch(n -> n.startsWith("modelfn-it-iris-v2-"));
    }

    @Test
    void sweep_should_delete_in_cloudwatch_the_release_alarms_of_an_endpoint_that_no_longer_exists() {
        // GIVEN in CloudWatch the release alarms of endpoint gone-ep (deleted from the registry) and of stack
        // endpoint fixed-ep, with the stable alarms that watch their promotions
        String prefix = "modelfn-sweep-";
        CloudWatchAlarmStore store = new CloudWatchAlarmStore(cloudWatch,
                new CloudWatchAlarmRequests(Optional.empty(), Optional.of(TOPIC)));
        List<AlarmDefinition> all = new ArrayList<>(EndpointAlarms.canary(prefix, "gone-ep", AlarmThresholds.DEFAULTS));
        all.addAll(EndpointAlarms.canary(prefix, "fixed-ep", AlarmThresholds.DEFAULTS));
        all.addAll(EndpointAlarms.stable(prefix, "gone-ep", AlarmThresholds.DEFAULTS));
        all.addAll(EndpointAlarms.stable(prefix, "fixed-ep", AlarmThresholds.DEFAULTS));
        store.put(all);
        ReleaseAlarmKeeper keeper = new ReleaseAlarmKeeper(store, prefix, Set.of("fixed-ep"), AlarmThresholds.DEFAULTS);

        // WHEN the sweep runs on a registry that has no endpoint left
        List<String> deleted = keeper.sweep(List.of());

        // THEN CloudWatch no longer holds gone-ep's release alarms, and still holds every other one
        assertThat(deleted).containsExactlyInAnyOrder("modelfn-sweep-gone-ep-canary-error-rate",
                "modelfn-sweep-gone-ep-canary-p99-latency", "modelfn-sweep-gone-ep-canary-accuracy",
                "modelfn-sweep-gone-ep-stable-error-rate", "modelfn-sweep-gone-ep-stable-p99-latency");
        assertThat(store.names(prefix)).containsExactlyInAnyOrder("modelfn-sweep-fixed-ep-canary-error-rate",
                "modelfn-sweep-fixed-ep-canary-p99-latency", "modelfn-sweep-fixed-ep-canary-accuracy",
                "modelfn-sweep-fixed-ep-stable-error-rate", "modelfn-sweep-fixed-ep-stable-p99-latency");
    }
}
