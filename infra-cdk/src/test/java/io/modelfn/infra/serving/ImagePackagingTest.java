package io.modelfn.infra.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.infra.support.ImageStages;
import io.modelfn.infra.support.SynthesizedStage;
import io.modelfn.infra.support.TemplateJson;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/**
 * A function packaged as the container image (stage setting {@code functions.<name>.packaging}): Lambda runs the
 * image from ECR, with the handler as its command, without SnapStart and layers, and with the same role.
 */
class ImagePackagingTest {

    private static final SynthesizedStage IMAGE = SynthesizedStage.synth(ImageStages.devWithImages());

    @Test
    void prediction_should_run_the_ecr_image_at_its_digest_with_the_handler_as_command_when_packaged_as_image() {
        // GIVEN / WHEN dev synthesised with the prediction function packaged as the image
        JsonNode function = function(IMAGE, "modelfn-dev-predict");

        // THEN an image function at the pinned digest, whose command is the prediction handler
        assertThat(function.path("PackageType").asText()).isEqualTo("Image");
        assertThat(TemplateJson.joined(function.path("Code").path("ImageUri")))
                .contains(".dkr.ecr.").endsWith("/" + ImageStages.REPOSITORY + "@" + ImageStages.DIGEST);
        assertThat(TemplateJson.strings(function.path("ImageConfig").path("Command")))
                .containsExactly(ShadowSelfInvocation.HANDLER);
        assertThat(function.path("Architectures").get(0).asText()).isEqualTo("x86_64");
        // AND nothing an image cannot have: runtime, handler, layers, SnapStart
        assertThat(function.has("Runtime")).isFalse();
        assertThat(function.has("Handler")).isFalse();
        assertThat(function.has("Layers")).isFalse();
        assertThat(function.has("SnapStart")).isFalse();
    }

    @Test
    void functions_should_stay_zips_with_snapstart_when_the_stage_says_nothing() {
        // GIVEN / WHEN dev as shipped
        SynthesizedStage dev = SynthesizedStage.dev();

        // THEN every function is a zip on Java 25 with SnapStart on published versions
        for (String name : new String[] {"modelfn-dev-predict", "modelfn-dev-admin", "modelfn-dev-rollout"}) {
            JsonNode function = function(dev, name);
            assertThat(function.has("PackageType")).as(name).isFalse();
            assertThat(function.path("Runtime").asText()).as(name).isEqualTo("java25");
            assertThat(function.path("SnapStart").path("ApplyOn").asText()).as(name).isEqualTo("PublishedVersions");
        }
    }

    @Test
    void roles_and_policies_should_be_unchanged_when_functions_are_packaged_as_images() {
        // GIVEN the serving stack of dev as zips and as images
        JsonNode zip = SynthesizedStage.dev().json(SynthesizedStage.dev().stage().serving());
        JsonNode image = IMAGE.json(IMAGE.stage().serving());

        // THEN every IAM resource is the same (Lambda pulls the image with the deployer's rights, not the function's
        // role), and no ECR permission or repository policy was added
        for (String type : new String[] {"AWS::IAM::Role", "AWS::IAM::Policy"}) {
            assertThat(new TreeMap<>(TemplateJson.resources(image, type))).as(type)
                    .isEqualTo(new TreeMap<>(TemplateJson.resources(zip, type)));
        }
        assertThat(image.toString()).doesNotContain("ecr:").doesNotContain("AWS::ECR::");
    }

    @Test
    void awsSolutions_should_report_no_unsuppressed_finding_when_functions_are_packaged_as_images() {
        for (var stack : IMAGE.stacks()) {
            Annotations annotations = Annotations.fromStack(stack);
            assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).as(stack.getStackName()).isEmpty();
            assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).as(stack.getStackName()).isEmpty();
        }
    }

    private static JsonNode function(SynthesizedStage stage, String name) {
        Map<String, JsonNode> functions = TemplateJson.resources(stage.json(stage.stage().serving()), "AWS::Lambda::Function");
        return functions.values().stream()
                .filter(f -> name.equals(f.path("Properties").path("FunctionName").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no function " + name)).path("Properties");
    }
}
