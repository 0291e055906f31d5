package io.modelfn.api.admin;

import io.modelfn.core.admin.ArtifactStorage;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Receives artifact uploads for the local model folder: the target of the upload tickets of
 * {@link LocalArtifactStorage}. With the S3 store, uploads go to S3 and this path answers 404.
 */
@Path("/admin/uploads")
@Tag(name = "Admin")
public class LocalUploadResource {

    @Inject
    ArtifactStorage storage;

    @PUT
    @Path("{token}")
    @Operation(summary = "Upload an artifact with a ticket from admin/uploads/prepare (local store only)")
    public Response upload(@PathParam("token") String token, InputStream body) {
        if (!(storage instanceof LocalArtifactStorage local)) {
            throw new NotFoundException();
        }
        var location = local.receive(token, body);
        return Response.ok("{\"location\":\"" + location.uri() + "\"}", MediaType.APPLICATION_JSON_TYPE).build();
    }
}
