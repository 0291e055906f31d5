package io.modelfn.api.admin;

import static io.modelfn.api.admin.AdminRequests.body;
import static io.modelfn.api.admin.AdminRequests.integer;
import static io.modelfn.api.admin.AdminRequests.optionalBoolean;
import static io.modelfn.api.admin.AdminRequests.optionalText;
import static io.modelfn.api.admin.AdminRequests.revision;
import static io.modelfn.api.admin.AdminRequests.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.admin.EndpointAdmin;
import io.modelfn.core.admin.ModelCatalog;
import io.modelfn.core.admin.InvalidAdminRequestException;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.registry.EndpointConfig;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Admin functions for endpoints: list, describe, create or update variants, set weights. */
public class EndpointAdminFunctions {

    @Inject
    ModelCatalog catalog;

    @Inject
    EndpointAdmin admin;

    @Inject
    AdminCalls calls;

    @Funq("admin/endpoints")
    public JsonNode endpoints(JsonNode request) {
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode endpoints = response.putArray("endpoints");
        catalog.endpoints().forEach(e -> endpoints.add(AdminJson.endpoint(e)));
        return response;
    }

    @Funq("admin/endpoints/describe")
    public JsonNode describe(JsonNode request) {
        return AdminJson.endpoint(catalog.describeEndpoint(text(request, "endpoint")));
    }

    @Funq("admin/endpoints/put")
    public JsonNode put(JsonNode request) {
        JsonNode variantsNode = body(request).get("variants");
        if (variantsNode == null || !variantsNode.isArray()) {
            throw new InvalidAdminRequestException("'variants' must be an array of {name, model, version, weight}");
        }
        List<EndpointAdmin.VariantRequest> variants = new ArrayList<>();
        for (JsonNode v : variantsNode) {
            variants.add(new EndpointAdmin.VariantRequest(text(v, "name"), text(v, "model"), text(v, "version"),
                    integer(v, "weight", -1)));
        }
        JsonNode shadowNode = body(request).get("shadow");
        EndpointAdmin.VariantRequest shadow = shadowNode == null || shadowNode.isNull() ? null
                : new EndpointAdmin.VariantRequest("shadow", text(shadowNode, "model"), text(shadowNode, "version"),
                        integer(shadowNode, "sampleRate", -1));
        return calls.mutate("put-endpoint", request, change -> withPlacementAdvice(admin.putEndpoint(
                text(request, "endpoint"), variants, shadow, optionalText(request, "stickySalt"),
                optionalText(request, "backend"), optionalBoolean(request, "resultCache"), revision(request), change)));
    }

    @Funq("admin/endpoints/weights")
    public JsonNode weights(JsonNode request) {
        JsonNode weightsNode = body(request).get("weights");
        if (weightsNode == null || !weightsNode.isObject()) {
            throw new InvalidAdminRequestException("'weights' must be an object of variant name to basis points");
        }
        Map<String, Integer> weights = new LinkedHashMap<>();
        weightsNode.fields().forEachRemaining(e -> weights.put(e.getKey(), integer(weightsNode, e.getKey(), -1)));
        return calls.mutate("set-weights", request, change -> withPlacementAdvice(admin.setWeights(
                text(request, "endpoint"), weights, revision(request), change)));
    }

    /** The endpoint, with {@code warnings} when its versions barely fit where they run. */
    private JsonNode withPlacementAdvice(EndpointConfig endpoint) {
        ObjectNode node = AdminJson.endpoint(endpoint);
        List<String> warnings = admin.placementAdvice(endpoint);
        if (!warnings.isEmpty()) {
            warnings.forEach(node.putArray("warnings")::add);
        }
        return node;
    }
}
