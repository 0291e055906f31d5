package io.modelfn.api.admin;

import static io.modelfn.admin.contract.AdminRequestReader.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.EmptyRequest;
import io.modelfn.admin.contract.EndpointInfo;
import io.modelfn.admin.contract.EndpointList;
import io.modelfn.admin.contract.EndpointRequest;
import io.modelfn.admin.contract.PutEndpointRequest;
import io.modelfn.admin.contract.SetAlarmLimitsRequest;
import io.modelfn.admin.contract.SetWeightsRequest;
import io.modelfn.admin.contract.VariantSpec;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.admin.EndpointAdmin;
import io.modelfn.core.admin.ModelCatalog;
import io.modelfn.core.registry.EndpointConfig;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Admin functions for endpoints: list, describe, create or update variants, set weights, set alarm limits. */
public class EndpointAdminFunctions {

    @Inject
    ModelCatalog catalog;

    @Inject
    EndpointAdmin admin;

    @Inject
    AdminCalls calls;

    @Inject
    ModelfnConfig config;

    @Funq("admin/endpoints")
    public EndpointList endpoints(JsonNode body) {
        read(body, EmptyRequest.class);
        return new EndpointList(catalog.endpoints().stream().map(AdminAnswers::endpoint).toList());
    }

    @Funq("admin/endpoints/describe")
    public EndpointInfo describe(JsonNode body) {
        return AdminAnswers.endpoint(catalog.describeEndpoint(read(body, EndpointRequest.class).endpoint()));
    }

    @Funq("admin/endpoints/put")
    public EndpointInfo put(JsonNode body) {
        PutEndpointRequest request = read(body, PutEndpointRequest.class);
        List<EndpointAdmin.VariantRequest> variants = new ArrayList<>();
        for (VariantSpec v : request.variants()) {
            variants.add(new EndpointAdmin.VariantRequest(v.name(), v.model(), v.version(), weight(v.weight())));
        }
        EndpointAdmin.VariantRequest shadow = request.shadow() == null ? null : new EndpointAdmin.VariantRequest(
                "shadow", request.shadow().model(), request.shadow().version(), weight(request.shadow().sampleRate()));
        return calls.mutate("put-endpoint", body, request.reason(), EndpointInfo.class, change -> withPlacementAdvice(
                admin.putEndpoint(request.endpoint(), variants, shadow, request.stickySalt(), request.backend(),
                        request.resultCache(), ModelAdminFunctions.revision(request.revision()), change)));
    }

    @Funq("admin/endpoints/weights")
    public EndpointInfo weights(JsonNode body) {
        SetWeightsRequest request = read(body, SetWeightsRequest.class);
        return calls.mutate("set-weights", body, request.reason(), EndpointInfo.class, change -> withPlacementAdvice(
                admin.setWeights(request.endpoint(), request.weights(), ModelAdminFunctions.revision(request.revision()),
                        change)));
    }

    @Funq("admin/endpoints/alarm-limits")
    public EndpointInfo alarmLimits(JsonNode body) {
        SetAlarmLimitsRequest request = read(body, SetAlarmLimitsRequest.class);
        return calls.mutate("set-alarm-limits", body, request.reason(), EndpointInfo.class, change -> {
            EndpointConfig endpoint = admin.setAlarmLimits(request.endpoint(), request.maxServerErrorRate(),
                    request.maxP99LatencyMs(), request.minAccuracy(), request.minFeedbackSamples(),
                    request.evaluationPeriods(), ModelAdminFunctions.revision(request.revision()), change);
            boolean stackOwned = config.admin().stackEndpoints().orElse(List.of()).contains(endpoint.name());
            return AdminAnswers.endpoint(endpoint).withWarnings(stackOwned && !endpoint.alarmLimits().isEmpty()
                    ? List.of("endpoint " + endpoint.name() + " is named in the stage settings: its releases keep the "
                            + "alarms its stack made, with the stage settings' limits; these limits are stored but "
                            + "take effect only if it is removed from the settings")
                    : List.of());
        });
    }

    /** A weight left out reads as -1: refused by the endpoint's rules with their message. */
    private static int weight(Integer weight) {
        return weight == null ? -1 : weight;
    }

    /** The endpoint, with {@code warnings} when its versions barely fit where they run. */
    private EndpointInfo withPlacementAdvice(EndpointConfig endpoint) {
        return AdminAnswers.endpoint(endpoint).withWarnings(admin.placementAdvice(endpoint));
    }
}
