package io.modelfn.local;

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
 * {@link LocalArtifactStorage}. When the local runner reads models from an S3 emulator instead
 * ({@code modelfn.store.type=s3}), uploads go there and this path answers 404. Local runner only.
 */
@Path("/admin/uploads")
@Tag(name = "Admin")
public class LocalUploadResource {

    @Inject
    LocalAdminBeans.Uploads uploads;

    @PUT
    @Path("{token}")
    @Operation(summary = "Upload an artifact with a ticket from admin/uploads/prepare (local store only)")
    public Response upload(@PathParam("token") String token, InputStream body) {
        LocalArtifactStorage storage = uploads.folder().orElseThrow(NotFoundException::new);
        var location = storage.receive(token, body);
        return Response.ok("{\"location\":\"" + location.uri() + "\"}", MediaType.APPLICATION_JSON_TYPE).build();
    }
}
