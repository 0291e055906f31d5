package io.modelfn.local;

import com.fasterxml.jackson.core.type.TypeReference;
import io.modelfn.api.admin.BearerToken;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.http.AuthenticationRequiredException;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.rollout.RolloutHandler;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The local rehearsal of the rollout function: {@code POST /local/events} takes the same events the
 * function gets in AWS (CloudWatch alarm actions, EventBridge alarm state changes, the EventBridge
 * schedule; see samples/events/) and hands them to the same handler. Admin token required.
 */
@Path("/local/events")
@Tag(name = "Local rehearsal")
public class LocalEventsResource {

    @Inject
    RolloutHandler handler;

    @Inject
    ModelfnConfig config;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Feed an alarm or schedule event to the rollout handler (local runner only)")
    public Response event(@HeaderParam("Authorization") String authorization, byte[] body) {
        if (!BearerToken.admits(config.admin().token(), authorization)) {
            throw new AuthenticationRequiredException("local events need the admin bearer token");
        }
        Map<String, Object> event;
        try {
            event = Json.MAPPER.readValue(body, new TypeReference<>() { });
        } catch (IOException e) {
            throw new MalformedRequestException("an event is a JSON object");
        }
        return Response.ok(handler.handle(event)).build();
    }
}
