package io.modelfn.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code cdk.json} and the app agree: the CLI passes cdk.json's context to the app, the app applies
 * {@link ModelfnApp#FEATURE_FLAGS} on its own, so a synth with and without the CLI is the same template
 * only while the two hold the same flags.
 */
class CdkJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void cdkJsonContext_should_holdExactlyTheAppsFeatureFlags() throws Exception {
        // GIVEN the module's cdk.json
        JsonNode cdkJson = MAPPER.readTree(Path.of("cdk.json").toFile());

        // WHEN its context is read
        Map<String, Object> context = new LinkedHashMap<>();
        cdkJson.path("context").properties().forEach(e -> context.put(e.getKey(),
                e.getValue().isBoolean() ? e.getValue().booleanValue() : e.getValue().asText()));

        // THEN it is the app's feature flags, no more, no less, with the same values
        assertThat(context).containsExactlyInAnyOrderEntriesOf(ModelfnApp.FEATURE_FLAGS);
    }

    @Test
    void cdkJsonApp_should_buildTheZipsThenRunTheAppOnItsClasspath() throws Exception {
        // GIVEN the module's cdk.json
        String app = MAPPER.readTree(Path.of("cdk.json").toFile()).path("app").asText();

        // THEN the app command builds every zip the stacks reference with the wrapper, writing the app's classpath,
        assertThat(app).startsWith("../mvnw ").contains(" -f ../pom.xml ", " package ", "-Pcdk-app", "-DskipTests");
        assertThat(app).contains("functions/api-lambda", "functions/rollout", "layers/onnxruntime", "infra-cdk", " -am ");
        // then runs the app on it, leaving the stage to the CDK context (-c stage=...)
        assertThat(app).contains(" && ", "target/cdk-app.classpath", ModelfnApp.class.getName());
        assertThat(app).doesNotContain("stage=");
    }
}
