package io.modelfn.localcloudwatch.alarms;

import io.modelfn.localcloudwatch.metrics.EmfRecords;
import io.modelfn.localcloudwatch.metrics.MetricStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A local CloudWatch: metric samples (from EMF lines), metric alarms, and their evaluation on the periods
 * that have ended, with the alarm's action invoked on every transition to ALARM (as CloudWatch does for a
 * Lambda action). Time comes from a {@link Clock}; {@code timeScale} divides every period (6 makes a
 * 60-second alarm period last 10 seconds) so rehearsals run the stage's alarms faster; 1 is real time.
 *
 * <p>Thread-safe: metrics arrive on request threads, alarms through the API, {@link #evaluate()} runs on
 * one evaluator thread. An action that throws is logged and does not stop the other alarms.
 */
public final class CloudWatchStandIn {

    /** Where an alarm's actions go: the action's ARN and the event CloudWatch would send it. */
    @FunctionalInterface
    public interface Actions {
        void invoke(String actionArn, Map<String, Object> event);
    }

    /** An alarm, its state, why, and since when. */
    public record AlarmStatus(AlarmDefinition definition, AlarmState state, String reason, Instant updated) {
    }

    /** A change of state seen by one evaluation. */
    public record Transition(String alarmName, AlarmState from, AlarmState to, String reason, Instant at) {
    }

    private static final System.Logger LOG = System.getLogger(CloudWatchStandIn.class.getName());

    private final MetricStore metrics;
    private final Clock clock;
    private final int timeScale;
    private final String region;
    private final String accountId;
    private final Actions actions;
    private final Map<String, AlarmStatus> alarms = new LinkedHashMap<>();

    public CloudWatchStandIn(MetricStore metrics, Clock clock, int timeScale, String region, String accountId,
            Actions actions) {
        if (timeScale < 1) {
            throw new IllegalArgumentException("timeScale must be at least 1");
        }
        this.metrics = metrics;
        this.clock = clock;
        this.timeScale = timeScale;
        this.region = region;
        this.accountId = accountId;
        this.actions = actions;
    }

    /** Takes the metrics of one line of a function's output (an EMF record; anything else is skipped). */
    public int ingest(String line) {
        return EmfRecords.ingest(line, metrics);
    }

    public MetricStore metrics() {
        return metrics;
    }

    /** Creates or replaces an alarm; a replaced alarm keeps its state, as PutMetricAlarm does. */
    public synchronized void putAlarm(AlarmDefinition definition) {
        AlarmStatus old = alarms.get(definition.name());
        alarms.put(definition.name(), old == null
                ? new AlarmStatus(definition, AlarmState.INSUFFICIENT_DATA, "Unchecked: Initial alarm creation", clock.instant())
                : new AlarmStatus(definition, old.state(), old.reason(), old.updated()));
    }

    public synchronized void deleteAlarms(Collection<String> names) {
        names.forEach(alarms::remove);
    }

    public synchronized List<AlarmStatus> alarms() {
        return List.copyOf(alarms.values());
    }

    public synchronized Optional<AlarmStatus> alarm(String name) {
        return Optional.ofNullable(alarms.get(name));
    }

    public String alarmArn(String name) {
        return "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:" + name;
    }

    /** How long a period of {@code seconds} lasts here, in milliseconds. */
    public long periodMillis(int seconds) {
        return seconds * 1000L / timeScale;
    }

    /** Evaluates every alarm on the periods that have ended; invokes the actions of those that went to ALARM. */
    public List<Transition> evaluate() {
        List<Transition> transitions = new ArrayList<>();
        List<Runnable> invocations = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (AlarmStatus status : List.copyOf(alarms.values())) {
                AlarmDefinition alarm = status.definition();
                AlarmEvaluation.Outcome outcome;
                try {
                    outcome = AlarmEvaluation.evaluate(range(alarm, now.toEpochMilli()), alarm.comparison(),
                            alarm.threshold(), alarm.evaluationPeriods(), alarm.datapointsToAlarm(),
                            alarm.treatMissingData(), status.state());
                } catch (IllegalArgumentException unsupported) {
                    outcome = new AlarmEvaluation.Outcome(AlarmState.INSUFFICIENT_DATA,
                            "Not evaluated by the stand-in: " + unsupported.getMessage());
                }
                if (outcome.state() == status.state()) {
                    if (outcome.state() == AlarmState.INSUFFICIENT_DATA && !outcome.reason().equals(status.reason())) {
                        alarms.put(alarm.name(), new AlarmStatus(alarm, status.state(), outcome.reason(), status.updated()));
                    }
                    continue;
                }
                alarms.put(alarm.name(), new AlarmStatus(alarm, outcome.state(), outcome.reason(), now));
                transitions.add(new Transition(alarm.name(), status.state(), outcome.state(), outcome.reason(), now));
                if (outcome.state() == AlarmState.ALARM && alarm.actionsEnabled()) {
                    Map<String, Object> event = AlarmEvent.of(alarm, alarmArn(alarm.name()), accountId, region,
                            status.state(), status.reason(), status.updated(), outcome.state(), outcome.reason(), now);
                    for (String action : alarm.alarmActions()) {
                        invocations.add(() -> invoke(action, alarm.name(), event));
                    }
                }
            }
        }
        invocations.forEach(Runnable::run);
        return transitions;
    }

    private void invoke(String action, String alarmName, Map<String, Object> event) {
        try {
            actions.invoke(action, event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the action " + action + " of alarm " + alarmName + " failed", e);
        }
    }

    /** The evaluation range of {@code alarm}: its returned series on the last N + 2 ended periods, oldest first. */
    List<Double> range(AlarmDefinition alarm, long nowMillis) {
        long period = periodMillis(alarm.periodSeconds());
        long lastStart = Math.floorDiv(nowMillis, period) * period - period;
        int size = alarm.evaluationPeriods() + AlarmEvaluation.RANGE_EXTRA;
        List<Long> timestamps = new ArrayList<>();
        for (int i = size - 1; i >= 0; i--) {
            timestamps.add(lastStart - i * period);
        }
        Map<String, MetricMath.Series> series = new HashMap<>();
        for (MetricQuery q : alarm.metrics()) {
            if (!q.isExpression()) {
                MetricMath.Series s = new MetricMath.Series();
                long statPeriod = periodMillis(q.stat().periodSeconds());
                for (long t : timestamps) {
                    q.stat().stat().of(metrics.samples(q.stat().metric(), t, t + statPeriod)).ifPresent(v -> s.put(t, v));
                }
                series.put(q.id(), s);
            }
        }
        List<MetricQuery> pending = new ArrayList<>(alarm.metrics().stream().filter(MetricQuery::isExpression).toList());
        while (!pending.isEmpty()) {
            int before = pending.size();
            IllegalArgumentException last = null;
            for (MetricQuery q : List.copyOf(pending)) {
                try {
                    series.put(q.id(), MetricMath.evaluate(q.expression(), series, timestamps));
                    pending.remove(q);
                } catch (IllegalArgumentException e) {
                    last = e; // may name an expression not evaluated yet
                }
            }
            if (pending.size() == before) {
                throw last;
            }
        }
        MetricMath.Series returned = series.get(alarm.returned().id());
        List<Double> range = new ArrayList<>();
        timestamps.forEach(t -> range.add(returned.at(t)));
        return range;
    }
}
