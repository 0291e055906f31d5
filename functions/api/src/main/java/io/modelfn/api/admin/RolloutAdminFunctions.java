package io.modelfn.api.admin;

import static io.modelfn.admin.contract.AdminRequestReader.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.EndpointInfo;
import io.modelfn.admin.contract.RolloutRequest;
import io.modelfn.admin.contract.StartRolloutRequest;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.rollout.RolloutCommands;
import io.quarkus.funqy.Funq;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;

/**
 * Admin functions for gradual releases: start, pause, resume, abort, describe. The steps themselves
 * are taken by the rollout function on its schedule (or, locally, by the rehearsal path).
 */
public class RolloutAdminFunctions {

    /** How long a promoted version is watched unless the request says otherwise: 30 minutes. */
    static final long DEFAULT_WATCH_SECONDS = 1800;

    @Inject
    ModelRegistry registry;

    @Inject
    Clock clock;

    @Inject
    AdminCalls calls;

    private RolloutCommands rollouts;

    @PostConstruct
    void init() {
        rollouts = new RolloutCommands(registry, clock);
    }

    /**
     * {@code {"endpoint","version","steps":[500,2500,5000,10000],"bakeSeconds":600,"minRequests":100,
     * "alias":"production","watchSeconds":1800,"reason"}}: steps are the canary's weights in basis points, the
     * last 10000; the promoted version is then watched for {@code watchSeconds} (0: no watch).
     */
    @Funq("admin/rollouts/start")
    public EndpointInfo start(JsonNode body) {
        StartRolloutRequest request = read(body, StartRolloutRequest.class);
        long bakeSeconds = request.bakeSeconds() == null ? 600 : request.bakeSeconds();
        long minRequests = request.minRequests() == null ? 100 : request.minRequests();
        long watchSeconds = request.watchSeconds() == null ? DEFAULT_WATCH_SECONDS : request.watchSeconds();
        return calls.mutate("start-rollout", body, request.reason(), EndpointInfo.class, change -> AdminAnswers.endpoint(
                rollouts.start(request.endpoint(), request.version(), request.steps(), Duration.ofSeconds(bakeSeconds),
                        minRequests, request.alias(), Duration.ofSeconds(watchSeconds), change)));
    }

    @Funq("admin/rollouts/pause")
    public EndpointInfo pause(JsonNode body) {
        RolloutRequest request = read(body, RolloutRequest.class);
        return calls.mutate("pause-rollout", body, request.reason(), EndpointInfo.class,
                change -> AdminAnswers.endpoint(rollouts.pause(request.endpoint(), change)));
    }

    @Funq("admin/rollouts/resume")
    public EndpointInfo resume(JsonNode body) {
        RolloutRequest request = read(body, RolloutRequest.class);
        return calls.mutate("resume-rollout", body, request.reason(), EndpointInfo.class,
                change -> AdminAnswers.endpoint(rollouts.resume(request.endpoint(), change)));
    }

    @Funq("admin/rollouts/abort")
    public EndpointInfo abort(JsonNode body) {
        RolloutRequest request = read(body, RolloutRequest.class);
        return calls.mutate("abort-rollout", body, request.reason(), EndpointInfo.class,
                change -> AdminAnswers.endpoint(rollouts.abort(request.endpoint(), change)));
    }
}
