package io.modelfn.rollout;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.modelfn.core.monitoring.DriftEvaluator;
import io.modelfn.core.notice.RollbackAnnouncer;
import io.modelfn.core.rollout.AlarmNotice;
import io.modelfn.core.rollout.CanaryGuard;
import io.modelfn.core.rollout.RolloutOutcome;
import io.modelfn.core.rollout.RolloutStepper;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The rollout function's entry point: alarm events roll canaries (or function aliases) back, the
 * schedule advances rollouts and, when due, computes input drift from every environment's bin
 * counts. Returns what it did, which is also logged.
 */
@Named("rollout")
@jakarta.inject.Singleton
public class RolloutHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = Logger.getLogger(RolloutHandler.class);

    @Inject
    CanaryGuard guard;

    @Inject
    RolloutStepper stepper;

    @Inject
    DriftEvaluator drift;

    @Inject
    SnapshotRepair snapshotRepair;

    @Inject
    RollbackAnnouncer announcer;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> raw, Context context) {
        return handle(raw);
    }

    /** Handles one event (also called by the local runner's rehearsal path). */
    public Map<String, Object> handle(Map<String, Object> raw) {
        RolloutEvents.Event event = RolloutEvents.parse(raw == null ? Map.of() : raw);
        DriftEvaluator.Report driftReport = null;
        List<RolloutOutcome> outcomes = switch (event) {
            case RolloutEvents.Alarm alarm -> List.of(guard.onAlarm(alarm.notice()));
            case RolloutEvents.Schedule schedule -> {
                List<RolloutOutcome> stepped = stepper.advanceAll();
                driftReport = drift.evaluateIfDue();
                // After the steps, so the copy includes them; a failure is logged and counted, not thrown.
                snapshotRepair.run();
                yield stepped;
            }
            case RolloutEvents.Unknown unknown -> {
                LOG.warnf("ignoring an event that is neither an alarm nor the schedule: %s", unknown.description());
                yield List.of(new RolloutOutcome(null, RolloutOutcome.Action.IGNORED, unknown.description()));
            }
        };
        outcomes.forEach(o -> LOG.infof("rollout %s: %s %s", o.endpoint(), o.action(), o.detail()));
        // After the rollbacks are committed: a notice that fails is logged and reported, never undoes them.
        Optional<AlarmNotice> alarm = event instanceof RolloutEvents.Alarm a ? Optional.of(a.notice()) : Optional.empty();
        List<RollbackAnnouncer.Delivery> notices = announcer.announce(alarm, outcomes);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("outcomes", outcomes.stream().map(o -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("endpoint", o.endpoint());
            m.put("action", o.action().name());
            m.put("detail", o.detail());
            return m;
        }).toList());
        if (!notices.isEmpty()) {
            answer.put("notices", notices.stream().map(d -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("subject", d.notice().subject());
                m.put("published", d.failure().isEmpty());
                d.failure().ifPresent(f -> m.put("failure", f));
                return m;
            }).toList());
        }
        if (driftReport != null) {
            driftReport.drift().forEach(d -> LOG.infof("drift %s %s: PSI %.4f over %d rows", d.version(), d.feature(),
                    d.psi(), d.rows()));
            driftReport.skipped().forEach(s -> LOG.infof("drift skipped: %s", s));
            answer.put("drift", driftReport.drift().stream().map(d -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", d.version().name());
                m.put("version", d.version().version());
                m.put("feature", d.feature());
                m.put("psi", d.psi());
                m.put("rows", d.rows());
                return m;
            }).toList());
        }
        return answer;
    }
}
