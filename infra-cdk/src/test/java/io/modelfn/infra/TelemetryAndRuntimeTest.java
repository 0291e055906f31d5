package io.modelfn.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.infra.serving.ModelFunction;
import io.modelfn.infra.support.SynthesizedStage;
import io.modelfn.infra.support.TemplateJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every runtime we ship opts out of DJL's and ONNX Runtime's telemetry, and every function runs
 * where ONNX Runtime works: x86_64, Java 25, SnapStart.
 */
class TelemetryAndRuntimeTest {

    @Test
    void everyFunction_should_optOutOfTelemetryAndRunJava25OnX86_when_anyStageIsSynthesised() {
        // GIVEN every function of every synthesised stage
        Map<String, JsonNode> functions = new LinkedHashMap<>();
        for (SynthesizedStage stage : SynthesizedStage.all()) {
            for (var stack : stage.stacks()) {
                TemplateJson.resources(stage.json(stack), "AWS::Lambda::Function")
                        .forEach((id, f) -> functions.put(stack.getStackName() + "/" + id, f.path("Properties")));
            }
        }

        // THEN there are three per stage, and each has both opt-outs, x86_64, java25, C1 only and SnapStart (in a VPC or not)
        assertThat(functions).hasSize(3 * SynthesizedStage.all().size());
        functions.forEach((where, f) -> {
            JsonNode env = f.path("Environment").path("Variables");
            assertThat(env.path("OPT_OUT_TRACKING").asText()).as(where).isEqualTo("true");
            assertThat(env.path("ORT_DISABLE_TELEMETRY").asText()).as(where).isEqualTo("1");
            assertThat(TemplateJson.strings(f.path("Architectures"))).as(where).containsExactly("x86_64");
            assertThat(f.path("Runtime").asText()).as(where).isEqualTo("java25");
            // The JIT the harness measures, also where Java 25 would leave full tiering (SnapStart's versions)
            assertThat(env.path("JAVA_TOOL_OPTIONS").asText()).as(where).startsWith(ModelFunction.JVM_OPTIONS)
                    .contains("-XX:TieredStopAtLevel=1");
            assertThat(f.path("SnapStart").path("ApplyOn").asText()).as(where).isEqualTo("PublishedVersions");
        });
    }

    @Test
    void gpuContainers_should_optOutOfTelemetryAndUseTheGpu_when_enabled() {
        // GIVEN the GPU stack's two containers
        SynthesizedStage gpu = SynthesizedStage.gpu();
        JsonNode template = gpu.json(gpu.stage().gpu().orElseThrow());
        List<Map<String, String>> environments = new ArrayList<>();
        TemplateJson.resources(template, "AWS::SageMaker::Model").values().forEach(m -> {
            Map<String, String> env = new LinkedHashMap<>();
            m.path("Properties").path("PrimaryContainer").path("Environment").fields()
                    .forEachRemaining(e -> env.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : "TOKEN"));
            environments.add(env);
        });
        TemplateJson.resources(template, "AWS::ECS::TaskDefinition").values().forEach(t ->
                t.path("Properties").path("ContainerDefinitions").forEach(c -> {
                    Map<String, String> env = new LinkedHashMap<>();
                    c.path("Environment").forEach(e -> env.put(e.path("Name").asText(),
                            e.path("Value").isTextual() ? e.path("Value").asText() : "TOKEN"));
                    environments.add(env);
                }));

        // THEN both carry the opt-outs and run ONNX Runtime sessions on CUDA
        assertThat(environments).hasSize(2).allSatisfy(env -> assertThat(env)
                .containsEntry("OPT_OUT_TRACKING", "true")
                .containsEntry("ORT_DISABLE_TELEMETRY", "1")
                .containsEntry("MODELFN_ONNX_GPU", "true")
                .containsEntry("MODELFN_ADMIN_ENABLED", "false")
                // a backend never forwards, so it has no backend timeout of its own
                .doesNotContainKey("MODELFN_BACKEND_TIMEOUT"));
    }
}
