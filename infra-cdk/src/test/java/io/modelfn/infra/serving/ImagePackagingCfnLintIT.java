package io.modelfn.infra.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelfn.infra.support.CfnLint;
import io.modelfn.infra.support.ImageStages;
import io.modelfn.infra.support.SynthesizedStage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The templates of a stage whose functions are packaged as the container image pass cfn-lint, as the zips' do. */
class ImagePackagingCfnLintIT {

    @Test
    void templates_should_have_no_cfn_lint_error_when_functions_are_packaged_as_images() throws Exception {
        // GIVEN cfn-lint on the PATH
        Path cfnLint = CfnLint.onPath();
        assumeTrue(cfnLint != null, CfnLint.MISSING);

        // WHEN dev with image-packaged prediction and admin functions is synthesised and linted
        SynthesizedStage stage = SynthesizedStage.synth(ImageStages.devWithImages());
        List<String> errors = CfnLint.errors(cfnLint, List.copyOf(stage.templateFiles().values()));

        // THEN no error
        assertThat(stage.templateFiles()).hasSize(2);
        assertThat(errors).isEmpty();
    }
}
