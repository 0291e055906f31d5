package io.modelfn.api.testing;

import jakarta.inject.Inject;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/** Receives the uploads of {@link FolderArtifactStorage}'s tickets in tests (the bucket's part in AWS). */
@Path("/admin/uploads")
public class FolderUploadResource {

    @Inject
    FolderArtifactStorage storage;

    @PUT
    @Path("{token}")
    public Response upload(@PathParam("token") String token, InputStream body) {
        var location = storage.receive(token, body);
        return Response.ok("{\"location\":\"" + location.uri() + "\"}", MediaType.APPLICATION_JSON_TYPE).build();
    }
}
