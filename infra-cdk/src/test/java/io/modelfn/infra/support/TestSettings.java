package io.modelfn.infra.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.infra.config.ModelfnSettings;
import io.modelfn.infra.config.OperatorValues;
import io.modelfn.infra.config.SettingsLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Settings for tests, read through the real {@link SettingsLoader} from the real
 * {@code config/<stage>.json} files, with the artifacts pointed at {@link TestArtifacts} and the
 * values the files leave to the operator given as {@link #OPERATOR_VALUES}.
 */
public final class TestSettings {

    /** A Cognito issuer URL of the form AWS uses, with a user pool id made up for tests. */
    public static final String JWT_ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_MfnTest01";
    public static final String JWT_AUDIENCE = "modelfn-test-client";
    /** An ECR image in an account id kept for tests (not one AWS documentation uses, so the example rule lets it pass). */
    public static final String GPU_IMAGE = "000011112222.dkr.ecr.eu-west-1.amazonaws.com/modelfn-api:gpu";
    /** What an operator gives for prod's {@code ${jwtIssuer}} and {@code ${jwtAudience}}. */
    public static final Map<String, String> OPERATOR_VALUES = Map.of("jwtIssuer", JWT_ISSUER, "jwtAudience", JWT_AUDIENCE);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestSettings() {
    }

    /** The module's config folder (set by surefire; the working directory otherwise). */
    public static Path configDir() {
        return Path.of(System.getProperty("modelfn.config.dir", "config"));
    }

    /** {@code config/dev.json}: no JWT, GPU off, KMS bucket. */
    public static ModelfnSettings dev() {
        return stage("dev", json -> { });
    }

    /** {@code config/prod.json}: JWT authorizer, GPU off. */
    public static ModelfnSettings prod() {
        return stage("prod", json -> { });
    }

    /** {@code config/prod.json} with both GPU backends on (an image, and a region, which ECS needs). */
    public static ModelfnSettings gpu() {
        return stage("prod", json -> {
            json.put("stage", "gpu");
            json.put("region", "eu-west-1");
            ((ObjectNode) json.path("gpu")).put("imageUri", GPU_IMAGE);
            ((ObjectNode) json.path("gpu").path("sagemaker")).put("enabled", true);
            ((ObjectNode) json.path("gpu").path("ecs")).put("enabled", true);
        });
    }

    /** {@code config/prod.json} with the SageMaker endpoint only: no ECS service, so no function in the VPC. */
    public static ModelfnSettings sageMakerOnly() {
        return stage("prod", json -> {
            json.put("stage", "sm");
            ((ObjectNode) json.path("gpu")).put("imageUri", GPU_IMAGE);
            ((ObjectNode) json.path("gpu").path("sagemaker")).put("enabled", true);
        });
    }

    /** {@code config/<stage>.json}, changed by {@code edit}, loaded through the real loader with {@link #OPERATOR_VALUES}. */
    public static ModelfnSettings stage(String stage, Consumer<ObjectNode> edit) {
        try {
            ObjectNode json = (ObjectNode) MAPPER.readTree(configDir().resolve(stage + ".json").toFile());
            ModelfnSettings.Artifacts artifacts = TestArtifacts.artifacts();
            ObjectNode paths = json.putObject("artifacts");
            paths.put("apiFunctionZip", artifacts.apiFunctionZip().toString());
            paths.put("rolloutFunctionZip", artifacts.rolloutFunctionZip().toString());
            paths.put("onnxRuntimeLayerZip", artifacts.onnxRuntimeLayerZip().toString());
            edit.accept(json);
            Path file = Files.createTempFile("modelfn-settings-" + stage, ".json");
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
            return SettingsLoader.load(file, OperatorValues.of(OPERATOR_VALUES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
