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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The local runner's CloudWatch (modelfn-cloudwatch-standin), on when {@code local-runner.cloudwatch.enabled}:
 * every metric record this process emits is read by it as CloudWatch Logs reads a function's EMF
 * output; its alarms (from the synthesized templates in {@code local-runner.cloudwatch.templates}, and
 * whatever is put through its CloudWatch API on 127.0.0.1:{@code local-runner.cloudwatch.port}) are
 * evaluated every {@code evaluate-every}, with every period divided by {@code time-scale} (6: a 60 s
 * period lasts 10 s); an alarm that goes to ALARM sends its event to the rollout handler in this
 * process, as CloudWatch invokes the rollout function. The rollout step reads the alarms in ALARM here.
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
    private CloudWatchQueryServer server;
    private AlarmTicker ticker;

    void start(@Observes StartupEvent started) {
        if (!enabled) {
            return;
        }
        standIn = new CloudWatchStandIn(new MetricStore(RETENTION_MILLIS), clock, timeScale, "local", "000000000000",
                (action, event) -> LOG.infof("alarm %s -> rollout: %s", ((Map<?, ?>) event.get("alarmData")).get("alarmName"),
                        rollout.get().handle(event)));
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
        LOG.infof("CloudWatch stand-in at %s: %d alarm(s), periods divided by %d, evaluated every %s", server.endpoint(),
                standIn.alarms().size(), timeScale, evaluateEvery);
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
        if (server != null) {
            server.close();
        }
    }
}
