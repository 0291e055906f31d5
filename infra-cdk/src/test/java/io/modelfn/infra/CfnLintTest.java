package io.modelfn.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelfn.infra.support.CfnLint;
import io.modelfn.infra.support.SynthesizedStage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * cfn-lint on every synthesised template: no error. Skipped, saying so, where cfn-lint is not on
 * the PATH (CI installs it).
 */
class CfnLintTest {

    @Test
    void everyTemplate_should_haveNoCfnLintError_when_cfnLintIsInstalled() throws Exception {
        // GIVEN cfn-lint on the PATH
        Path cfnLint = CfnLint.onPath();
        assumeTrue(cfnLint != null, CfnLint.MISSING);

        // AND every template of every stage
        List<Path> templates = new ArrayList<>();
        for (SynthesizedStage stage : SynthesizedStage.all()) {
            templates.addAll(stage.templateFiles().values());
        }

        // WHEN linted
        List<String> errors = CfnLint.errors(cfnLint, templates);

        // THEN no finding is an error
        assertThat(errors).isEmpty();
    }
}
