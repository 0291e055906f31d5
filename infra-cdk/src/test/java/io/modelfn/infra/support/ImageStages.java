package io.modelfn.infra.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.infra.config.ModelfnSettings;

/** {@code config/dev.json} with the prediction and admin functions packaged as the container image. */
public final class ImageStages {

    /** The repository the image settings name. */
    public static final String REPOSITORY = "modelfn/api-lambda";
    /** A digest of the form ECR gives (a test value: no image has it). */
    public static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    private ImageStages() {
    }

    public static ModelfnSettings devWithImages() {
        return TestSettings.stage("dev", json -> {
            ObjectNode functions = (ObjectNode) json.path("functions");
            for (String function : new String[] {"prediction", "admin"}) {
                ObjectNode packaging = ((ObjectNode) functions.path(function)).putObject("packaging");
                packaging.put("type", "IMAGE");
                packaging.put("repository", REPOSITORY);
                packaging.put("tagOrDigest", DIGEST);
            }
        });
    }
}
