package io.modelfn.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.infra.ModelfnApp;
import io.modelfn.infra.support.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;

class SettingsLoaderTest {

    @Test
    void load_should_readTheShippedDevConfig_when_itIsValid() {
        // GIVEN / WHEN config/dev.json, read as the app reads it
        ModelfnSettings dev = SettingsLoader.load(TestSettings.configDir().resolve("dev.json"));

        // THEN its values, with artifact paths resolved against the config folder
        assertThat(dev.stage()).isEqualTo("dev");
        assertThat(dev.isDevStage()).isTrue();
        // (Path.endsWith, not AssertJ's, which resolves the real path and so needs the zip built)
        assertThat(dev.artifacts().apiFunctionZip()).isAbsolute();
        assertThat(dev.artifacts().apiFunctionZip().endsWith(Path.of("functions", "api-lambda", "target", "function.zip"))).isTrue();
        assertThat(dev.api().jwtAuthorizer()).isEmpty();
        assertThat(dev.gpu().anyEnabled()).isFalse();
        assertThat(dev.endpoints()).extracting(ModelfnSettings.Endpoint::name).containsExactly("iris", "digits");
        assertThat(dev.endpointAlarmPrefix()).isEqualTo("modelfn-dev-endpoint-");
    }

    @Test
    void load_should_readTheShippedProdConfig_when_theOperatorGivesItsValues() {
        // GIVEN config/prod.json, which leaves the JWT issuer and audience to the operator
        // WHEN it is read with them given
        ModelfnSettings prod = SettingsLoader.load(TestSettings.configDir().resolve("prod.json"),
                OperatorValues.of(TestSettings.OPERATOR_VALUES));

        // THEN they are in the settings
        assertThat(prod.isDevStage()).isFalse();
        assertThat(prod.api().jwtAuthorizer()).hasValue(
                new ModelfnSettings.Jwt(TestSettings.JWT_ISSUER, List.of(TestSettings.JWT_AUDIENCE)));
        assertThat(prod.functions().prediction().memoryMb()).isEqualTo(3008);
        assertThat(prod.gpu().sagemaker().instanceType()).isEqualTo("ml.g5.xlarge");
    }

    @Test
    void load_should_applyDefaults_when_fieldsAreAbsent(@TempDir Path dir) throws Exception {
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
    void load_should_nameTheProblem_when_theFileIsWrong(@TempDir Path dir) throws Exception {
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

    @Test
    void load_should_refuseTheShippedProdConfig_when_theOperatorGaveNoValues() {
        // GIVEN config/prod.json WHEN it is read with no operator values
        // THEN the synth stops, naming the file, the setting and the two ways to give it
        assertThatThrownBy(() -> SettingsLoader.load(TestSettings.configDir().resolve("prod.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prod.json")
                .hasMessageContaining("api.jwt.issuer is left to the operator as ${jwtIssuer}")
                .hasMessageContaining("-c jwtIssuer=<value>")
                .hasMessageContaining("MODELFN_JWT_ISSUER")
                .hasMessageContaining("api.jwt.audience[0] is left to the operator as ${jwtAudience}");
    }

    @Test
    void fromContext_should_takeOperatorValues_fromTheContextFirstAndThenTheEnvironment() {
        // GIVEN prod chosen by context, the issuer in the context and in the environment, the audience in the environment only
        App app = ModelfnApp.newApp(System.getProperty("java.io.tmpdir"));
        app.getNode().setContext(SettingsLoader.STAGE_CONTEXT, "prod");
        app.getNode().setContext(SettingsLoader.CONFIG_DIR_CONTEXT, TestSettings.configDir().toString());
        app.getNode().setContext("jwtIssuer", TestSettings.JWT_ISSUER);
        Map<String, String> environment = Map.of("MODELFN_JWT_ISSUER", "https://auth.acme-corp.io/",
                "MODELFN_JWT_AUDIENCE", "3n4b5urk1ft4fl3mbrd6cs3oaj");

        // WHEN the app's settings are read
        ModelfnSettings prod = SettingsLoader.fromContext(app.getNode(), environment);

        // THEN the context wins for the issuer, the environment gives the audience
        assertThat(prod.api().jwtAuthorizer().orElseThrow().issuer()).isEqualTo(TestSettings.JWT_ISSUER);
        assertThat(prod.api().jwtAuthorizer().orElseThrow().audience()).containsExactly("3n4b5urk1ft4fl3mbrd6cs3oaj");
        assertThat(OperatorValues.environmentVariable("gpuImageUri")).isEqualTo("MODELFN_GPU_IMAGE_URI");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "api.jwt.issuer     | https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE | the word 'example'",
            "api.jwt.issuer     | https://login.example.com/oauth2                          | the example domain login.example.com",
            "api.jwt.issuer     | https://example.org                                       | the example domain example.org",
            "api.jwt.issuer     | https://idp.corp.example/                                 | the example domain idp.corp.example",
            "api.jwt.issuer     | https://issuer.REPLACE_ME.auth0.com/                      | the placeholder marker 'REPLACE_ME'",
            "api.jwt.issuer     | https://changeme.auth0.com/                               | the placeholder marker 'changeme'",
            "api.jwt.issuer     | https://<your-tenant>.auth0.com/                          | the placeholder marker '<your-tenant>'",
            "api.jwt.audience[0]| ops-alerts@example.net                                    | an e-mail address at the example domain example.net",
            "api.jwt.audience[0]| TODO                                                      | the placeholder marker 'TODO'",
            "api.jwt.audience[0]| XXXXXXXXXXXXXXXXXXXXXXXXXX                                | the placeholder marker 'XXXXXXXXXXXXXXXXXXXXXXXXXX'",
            "api.jwt.audience[0]| YOUR_CLIENT_ID                                            | the placeholder marker 'YOUR_CLIENT_ID'",
            "gpu.imageUri       | 123456789012.dkr.ecr.eu-west-1.amazonaws.com/modelfn-api:gpu | the example AWS account id 123456789012",
            "gpu.imageUri       | 111111111111.dkr.ecr.eu-west-1.amazonaws.com/modelfn-api:gpu | the example AWS account id 111111111111",
            "gpu.imageUri       | 012345678901.dkr.ecr.eu-west-1.amazonaws.com/modelfn-api:gpu | the example AWS account id 012345678901",
    })
    void load_should_refuseAnExampleValue_namingTheSettingAndTheFile(String setting, String value, String why,
            @TempDir Path dir) throws Exception {
        // GIVEN a stage whose settings still hold an example value where a real one belongs
        Path file = dir.resolve("qa.json");
        Files.writeString(file, stageWith(setting, value));

        // WHEN it is read THEN it is refused, naming the file, the setting, the kind of example and the value
        assertThatThrownBy(() -> SettingsLoader.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(setting + " holds an example value, " + why + ": '" + value + "'");
    }

    @Test
    void load_should_refuseAnExampleValue_when_theOperatorSuppliedIt(@TempDir Path dir) throws Exception {
        // GIVEN a file that leaves the issuer to the operator, who gives the documentation's example
        Path file = dir.resolve("qa.json");
        Files.writeString(file, stageWith("api.jwt.issuer", "${jwtIssuer}"));
        OperatorValues given = OperatorValues.of(key -> null,
                Map.of("MODELFN_JWT_ISSUER", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE"));

        // WHEN it is read THEN it is refused, saying where the value came from
        assertThatThrownBy(() -> SettingsLoader.load(file, given))
                .hasMessageContaining("api.jwt.issuer (from environment variable MODELFN_JWT_ISSUER) holds an example value, "
                        + "the word 'example'");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "api.jwt.issuer     | https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_aB3dE5fG7",
            "api.jwt.issuer     | https://dev-q1w2e3r4.us.auth0.com/",
            "api.jwt.issuer     | https://login.examplecorp.com/",
            "api.jwt.audience[0]| 3n4b5urk1ft4fl3mbrd6cs3oaj",
            "api.jwt.audience[0]| ml-platform@acme-corp.io",
            "gpu.imageUri       | 987654321098.dkr.ecr.eu-west-1.amazonaws.com/team/modelfn-api:1.4.2-gpu",
            "gpu.imageUri       | 000011112222.dkr.ecr.us-east-1.amazonaws.com/modelfn-api@sha256:9f86d081884c7d65",
    })
    void load_should_acceptRealLookingValues(String setting, String value, @TempDir Path dir) throws Exception {
        // GIVEN a stage with values of the shape real ones have
        Path file = dir.resolve("qa.json");
        Files.writeString(file, stageWith(setting, value));

        // WHEN it is read THEN the value is there as given
        ModelfnSettings settings = SettingsLoader.load(file);
        String read = switch (setting) {
            case "api.jwt.issuer" -> settings.api().jwtAuthorizer().orElseThrow().issuer();
            case "api.jwt.audience[0]" -> settings.api().jwtAuthorizer().orElseThrow().audience().get(0);
            default -> settings.gpu().imageUri();
        };
        assertThat(read).isEqualTo(value);
    }

    /** A small valid stage with {@code value} in {@code setting} (one of the JWT issuer, its audience, the GPU image). */
    private static String stageWith(String setting, String value) {
        String issuer = setting.equals("api.jwt.issuer") ? value : "https://auth.acme-corp.io/";
        String audience = setting.equals("api.jwt.audience[0]") ? value : "modelfn-qa";
        String image = setting.equals("gpu.imageUri") ? value : "987654321098.dkr.ecr.eu-west-1.amazonaws.com/modelfn-api:gpu";
        return """
                {"stage": "qa", "artifacts": {"apiFunctionZip": "a.zip", "rolloutFunctionZip": "r.zip",
                 "onnxRuntimeLayerZip": "l.zip"},
                 "api": {"jwt": {"issuer": "%s", "audience": ["%s"]}},
                 "gpu": {"imageUri": "%s"}}""".formatted(issuer, audience, image);
    }
}
