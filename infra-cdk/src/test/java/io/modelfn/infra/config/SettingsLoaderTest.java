package io.modelfn.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.infra.ModelfnApp;
import io.modelfn.infra.support.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

class SettingsLoaderTest {

    @Test
    void load_should_readTheShippedDevConfig_when_itIsValid() {
        // GIVEN / WHEN config/dev.json, read as the app reads it
        ModelfnSettings dev = SettingsLoader.load(TestSettings.configDir().resolve("dev.json"));

        // THEN its values, with artifact paths resolved against the config folder
        assertThat(dev.stage()).isEqualTo("dev");
        assertThat(dev.isDevStage()).isTrue();
        assertThat(dev.artifacts().apiFunctionZip()).isAbsolute()
                .endsWith(Path.of("functions", "api-lambda", "target", "function.zip"));
        assertThat(dev.api().jwtAuthorizer()).isEmpty();
        assertThat(dev.gpu().anyEnabled()).isFalse();
        assertThat(dev.endpoints()).extracting(ModelfnSettings.Endpoint::name).containsExactly("iris", "digits");
        assertThat(dev.endpointAlarmPrefix()).isEqualTo("modelfn-dev-endpoint-");
    }

    @Test
    void load_should_readTheShippedProdConfig_when_itIsValid() {
        ModelfnSettings prod = SettingsLoader.load(TestSettings.configDir().resolve("prod.json"));

        assertThat(prod.isDevStage()).isFalse();
        assertThat(prod.api().jwtAuthorizer()).isPresent();
        assertThat(prod.functions().prediction().memoryMb()).isEqualTo(3008);
        assertThat(prod.gpu().sagemaker().instanceType()).isEqualTo("ml.g5.xlarge");
    }

    @Test
    void load_should_applyDefaults_when_fieldsAreAbsent(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, """
                {"stage": "qa", "artifacts": {"apiFunctionZip": "a.zip", "rolloutFunctionZip": "r.zip",
                 "onnxRuntimeLayerZip": "l.zip"}, "endpoints": [{"name": "iris"}]}""");

        ModelfnSettings settings = SettingsLoader.load(file);

        assertThat(settings.artifacts().apiFunctionZip()).isEqualTo(dir.resolve("a.zip"));
        assertThat(settings.modelStore().prefix()).isEqualTo("models/");
        assertThat(settings.modelStore().encryption()).isEqualTo(ModelfnSettings.ModelStore.Encryption.KMS);
        assertThat(settings.codeDeploy().deploymentConfig()).isEqualTo("CANARY_10PERCENT_5MINUTES");
        assertThat(settings.endpoints().get(0).variants()).containsExactly("stable", "canary");
        assertThat(settings.gpu().sagemaker().enabled()).isFalse();
        assertThat(settings.isDevStage()).isFalse();
    }

    @Test
    void load_should_nameTheProblem_when_theFileIsWrong(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, """
                {"stage": "qa", "artifacts": {"apiFunctionZip": "a.zip", "rolloutFunctionZip": "r.zip",
                 "onnxRuntimeLayerZip": "l.zip"}, "endpionts": []}""");
        Path badThreshold = dir.resolve("bad.json");
        Files.writeString(badThreshold, """
                {"stage": "qa", "artifacts": {"apiFunctionZip": "a.zip", "rolloutFunctionZip": "r.zip",
                 "onnxRuntimeLayerZip": "l.zip"}, "endpoints": [{"name": "iris", "maxServerErrorRate": 5}]}""");

        assertThatThrownBy(() -> SettingsLoader.load(typo)).hasMessageContaining("endpionts").hasMessageContaining("typo.json");
        assertThatThrownBy(() -> SettingsLoader.load(badThreshold)).hasMessageContaining("maxServerErrorRate");
        assertThatThrownBy(() -> SettingsLoader.load(dir.resolve("absent.json"))).hasMessageContaining("does not exist");
    }

    @Test
    void settingsFile_should_followStageAndConfigContext_when_given() {
        App byStage = ModelfnApp.newApp(System.getProperty("java.io.tmpdir"));
        byStage.getNode().setContext(SettingsLoader.STAGE_CONTEXT, "prod");
        byStage.getNode().setContext(SettingsLoader.CONFIG_DIR_CONTEXT, "/etc/modelfn");
        App byFile = ModelfnApp.newApp(System.getProperty("java.io.tmpdir"));
        byFile.getNode().setContext(SettingsLoader.CONFIG_CONTEXT, "/tmp/custom.json");
        App byDefault = ModelfnApp.newApp(System.getProperty("java.io.tmpdir"));

        assertThat(SettingsLoader.settingsFile(byStage.getNode())).isEqualTo(Path.of("/etc/modelfn/prod.json"));
        assertThat(SettingsLoader.settingsFile(byFile.getNode())).isEqualTo(Path.of("/tmp/custom.json"));
        assertThat(SettingsLoader.settingsFile(byDefault.getNode())).isEqualTo(Path.of("config/dev.json"));
    }
}
