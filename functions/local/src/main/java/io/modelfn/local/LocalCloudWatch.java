package io.modelfn.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.rollout.AlarmNames;
import io.modelfn.localcloudwatch.alarms.AlarmState;
import io.modelfn.localcloudwatch.alarms.AlarmTicker;
import io.modelfn.localcloudwatch.alarms.CloudWatchStandIn;
import io.modelfn.localcloudwatch.alarms.TemplateAlarms;
import io.modelfn.localcloudwatch.api.CloudWatchQueryServer;
import io.modelfn.localcloudwatch.metrics.MetricStore;
import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.alarms.AlarmStore;
import io.modelfn.rollout.CloudWatchAlarmRequests;
import io.modelfn.rollout.CloudWatchAlarmStore;
import io.modelfn.rollout.RolloutConfig;
import io.modelfn.rollout.RolloutHandler;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The local runner's CloudWatch (modelfn-cloudwatch-standin), on when {@code local-runner.cloudwatch.enabled}:
 * every metric record this process emits is read by it as CloudWatch Logs reads a function's EMF
 * output; its alarms (from the synthesized templates in {@code local-runner.cloudwatch.templates}, and
 * whatever is put through its CloudWatch API on 127.0.0.1:{@code local-runner.cloudwatch.port}) are
 * evaluated every {@code evaluate-every}, with every period divided by {@code time-scale} (6: a 60 s
 * period lasts 10 s); an alarm that goes to ALARM sends its event to the rollout handler in this
 * process, as CloudWatch invokes the rollout function. The rollout puts its releases' alarms through
 * that API with the same adapter it uses in AWS ({@link CloudWatchAlarmStore}), and its step reads the
 * alarms in ALARM here. Off, the releases' alarms are kept in memory ({@link LocalAlarms}) and nothing
 * evaluates them.
 */
@ApplicationScoped
public class LocalCloudWatch {

    private static final Logger LOG = Logger.getLogger(LocalCloudWatch.class);
    /** Metric samples are kept this long: the longest evaluation range of our alarms at time-scale 1 is 35 minutes. */
    private static final long RETENTION_MILLIS = Duration.ofHours(1).toMillis();

    @ConfigProperty(name = "local-runner.cloudwatch.enabled", defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = "local-runner.cloudwatch.port", defaultValue = "4582")
    int port;

    @ConfigProperty(name = "local-runner.cloudwatch.time-scale", defaultValue = "6")
    int timeScale;

    @ConfigProperty(name = "local-runner.cloudwatch.evaluate-every", defaultValue = "1s")
    Duration evaluateEvery;

    /** Synthesized CloudFormation templates whose AWS::CloudWatch::Alarm resources are loaded at start. */
    @ConfigProperty(name = "local-runner.cloudwatch.templates")
    Optional<List<String>> templates;

    @Inject
    Instance<RolloutHandler> rollout;

    @Inject
    RolloutConfig rolloutConfig;

    @Inject
    Clock clock;

    private volatile CloudWatchStandIn standIn;
    private volatile Metrics records = Metrics.NONE;
    private volatile AlarmStore store = new LocalAlarms();
    private CloudWatchClient cloudWatch;
    private CloudWatchQueryServer server;
    private AlarmTicker ticker;

    void start(@Observes StartupEvent started) {
        if (!enabled) {
            return;
        }
        standIn = new CloudWatchStandIn(new MetricStore(RETENTION_MILLIS), clock, timeScale, "local", "000000000000",
                this::act);
        records = new EmfMetrics(standIn::ingest, clock);
        ObjectMapper json = new ObjectMapper();
        for (String template : templates.orElse(List.of())) {
            try {
                TemplateAlarms.read(json.readTree(Path.of(template).toFile()), Map.of()).forEach(standIn::putAlarm);
            } catch (IOException e) {
                throw new UncheckedIOException("local-runner.cloudwatch.templates: cannot read " + template, e);
            }
        }
        try {
            server = CloudWatchQueryServer.start(standIn, port);
        } catch (IOException e) {
            throw new UncheckedIOException("the CloudWatch stand-in cannot listen on 127.0.0.1:" + port, e);
        }
        ticker = AlarmTicker.start(standIn, evaluateEvery);
        cloudWatch = CloudWatchClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.of("local"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        var rolloutSettings = rolloutConfig.rollout();
        store = new CloudWatchAlarmStore(cloudWatch,
                new CloudWatchAlarmRequests(rolloutSettings.rollbackActionArn(), rolloutSettings.notifyTopicArn()));
        LOG.infof("CloudWatch stand-in at %s: %d alarm(s), periods divided by %d, evaluated every %s", server.endpoint(),
                standIn.alarms().size(), timeScale, evaluateEvery);
    }

    /**
     * An alarm's action: a Lambda function (the rollout function's ARN) gets the event in this process;
     * anything else (the notification topic) is logged, as there is no one to tell locally.
     */
    private void act(String action, Map<String, Object> event) {
        Object alarm = ((Map<?, ?>) event.get("alarmData")).get("alarmName");
        if (action.startsWith("arn:aws:lambda:")) {
            LOG.infof("alarm %s -> rollout function: %s", alarm, rollout.get().handle(event));
        } else {
            LOG.infof("alarm %s -> %s (not delivered locally)", alarm, action);
        }
    }

    /** Where the rollout puts its releases' alarms: the stand-in's API once it runs, else this process's memory. */
    AlarmStore alarmStore() {
        return new AlarmStore() {
            @Override
            public void put(Collection<AlarmDefinition> definitions) {
                store.put(definitions);
            }

            @Override
            public List<String> names(String namePrefix) {
                return store.names(namePrefix);
            }

            @Override
            public void delete(Collection<String> names) {
                store.delete(names);
            }
        };
    }

    /** Where this process's metric records go besides the configured sink: the stand-in, or nowhere when it is off. */
    Metrics records() {
        return new Metrics() {
            @Override
            public void record(io.modelfn.core.metrics.RequestMetrics request) {
                records.record(request);
            }

            @Override
            public void recordEvent(String endpoint, String variant, String model, String version, String metric,
                    double value, String unit) {
                records.recordEvent(endpoint, variant, model, version, metric, value, unit);
            }
        };
    }

    /** The names of {@code endpoint}'s alarms that are in ALARM (none when the stand-in is off). */
    List<String> alarmsFiring(String endpoint) {
        if (standIn == null) {
            return List.of();
        }
        String prefix = rolloutConfig.rollout().alarmPrefix();
        return standIn.alarms().stream()
                .filter(a -> a.state() == AlarmState.ALARM && AlarmNames.isOf(a.definition().name(), prefix, endpoint))
                .map(a -> a.definition().name())
                .toList();
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.close();
        }
        if (cloudWatch != null) {
            cloudWatch.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
