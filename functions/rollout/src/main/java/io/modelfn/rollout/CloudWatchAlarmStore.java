package io.modelfn.rollout;

import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.alarms.AlarmStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;

/**
 * The alarm store in CloudWatch: {@code PutMetricAlarm} per alarm (an update keeps the alarm's state),
 * {@code DescribeAlarms} by name prefix, {@code DeleteAlarms} in batches of 100. The function's role
 * may call these three on its stage's alarm name prefix only. Thread-safe (the client is).
 */
public final class CloudWatchAlarmStore implements AlarmStore {

    /** DeleteAlarms takes at most this many names. */
    private static final int DELETE_BATCH = 100;

    private final CloudWatchClient cloudWatch;
    private final CloudWatchAlarmRequests requests;

    public CloudWatchAlarmStore(CloudWatchClient cloudWatch, CloudWatchAlarmRequests requests) {
        this.cloudWatch = cloudWatch;
        this.requests = requests;
    }

    @Override
    public void put(Collection<AlarmDefinition> alarms) {
        for (AlarmDefinition alarm : alarms) {
            cloudWatch.putMetricAlarm(requests.render(alarm));
        }
    }

    @Override
    public List<String> names(String namePrefix) {
        List<String> names = new ArrayList<>();
        var request = DescribeAlarmsRequest.builder().alarmNamePrefix(namePrefix).alarmTypes(AlarmType.METRIC_ALARM).build();
        for (var page : cloudWatch.describeAlarmsPaginator(request)) {
            page.metricAlarms().stream().map(MetricAlarm::alarmName).forEach(names::add);
        }
        return names;
    }

    @Override
    public void delete(Collection<String> names) {
        List<String> all = List.copyOf(names);
        for (int from = 0; from < all.size(); from += DELETE_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH));
            try {
                cloudWatch.deleteAlarms(DeleteAlarmsRequest.builder().alarmNames(batch).build());
            } catch (ResourceNotFoundException e) {
                // Already gone (another run, an operator): what was wanted.
            }
        }
    }
}
