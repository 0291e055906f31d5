package io.modelfn.infra.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.infra.config.ModelfnSettings;
import io.modelfn.infra.support.TestSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tracing's off switch travels from the stage settings to the environment of each runtime that traces. */
class TracingSettingTest {

    private static final ServingEnvironment.Tables TABLES = new ServingEnvironment.Tables("registry", "feedback");

    @Test
    void prediction_and_gpu_containers_should_trace_when_the_stage_says_nothing() {
        ModelfnSettings dev = TestSettings.dev();

        assertThat(dev.serving().tracing()).isTrue();
        assertThat(ServingEnvironment.prediction(dev, TABLES, "bucket", "secret"))
                .containsEntry("MODELFN_TRACING_ENABLED", "true");
        assertThat(ServingEnvironment.gpuContainer(dev, TABLES, "bucket", "eu-west-1"))
                .containsEntry("MODELFN_TRACING_ENABLED", "true");
    }

    @Test
    void prediction_and_gpu_containers_should_not_trace_when_the_stage_turns_tracing_off() {
        ModelfnSettings off = TestSettings.stage("dev", json -> json.with("serving").put("tracing", false));

        Map<String, String> prediction = ServingEnvironment.prediction(off, TABLES, "bucket", "secret");
        Map<String, String> gpu = ServingEnvironment.gpuContainer(off, TABLES, "bucket", "eu-west-1");

        assertThat(prediction).containsEntry("MODELFN_TRACING_ENABLED", "false");
        assertThat(gpu).containsEntry("MODELFN_TRACING_ENABLED", "false");
    }
}
