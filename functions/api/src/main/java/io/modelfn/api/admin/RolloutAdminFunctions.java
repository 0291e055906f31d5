package io.modelfn.api.admin;

import static io.modelfn.api.admin.AdminRequests.body;
import static io.modelfn.api.admin.AdminRequests.optionalText;
import static io.modelfn.api.admin.AdminRequests.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.rollout.RolloutCommands;
import io.quarkus.funqy.Funq;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Admin functions for gradual releases: start, pause, resume, abort, describe. The steps themselves
 * are taken by the rollout function on its schedule (or, locally, by the rehearsal path).
 */
public class RolloutAdminFunctions {

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
     * "alias":"production","reason"}}: steps are the canary's weights in basis points, the last 10000.
     */
    @Funq("admin/rollouts/start")
    public JsonNode start(JsonNode request) {
        JsonNode stepsNode = body(request).get("steps");
        if (stepsNode == null || !stepsNode.isArray() || stepsNode.isEmpty()) {
            throw new InvalidAdminRequestException("'steps' must list the canary weights in basis points, e.g. [500, 2500, 5000, 10000]");
        }
        List<Integer> steps = new ArrayList<>();
        for (JsonNode step : stepsNode) {
            if (!step.isIntegralNumber() || !step.canConvertToInt()) {
                throw new InvalidAdminRequestException("'steps' must be integers (basis points)");
            }
            steps.add(step.asInt());
        }
        long bakeSeconds = body(request).path("bakeSeconds").asLong(600);
        long minRequests = body(request).path("minRequests").asLong(100);
        if (bakeSeconds < 0 || minRequests < 0) {
            throw new InvalidAdminRequestException("'bakeSeconds' and 'minRequests' cannot be negative");
        }
        return calls.mutate("start-rollout", request, change -> AdminJson.endpoint(rollouts.start(text(request, "endpoint"),
                text(request, "version"), steps, Duration.ofSeconds(bakeSeconds), minRequests,
                optionalText(request, "alias"), change)));
    }

    @Funq("admin/rollouts/pause")
    public JsonNode pause(JsonNode request) {
        return calls.mutate("pause-rollout", request,
                change -> AdminJson.endpoint(rollouts.pause(text(request, "endpoint"), change)));
    }

    @Funq("admin/rollouts/resume")
    public JsonNode resume(JsonNode request) {
        return calls.mutate("resume-rollout", request,
                change -> AdminJson.endpoint(rollouts.resume(text(request, "endpoint"), change)));
    }

    @Funq("admin/rollouts/abort")
    public JsonNode abort(JsonNode request) {
        return calls.mutate("abort-rollout", request,
                change -> AdminJson.endpoint(rollouts.abort(text(request, "endpoint"), change)));
    }
}
