package io.modelfn.infra.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.infra.config.ModelfnSettings;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.infra.support.TestStacks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.RetentionDays;

class PredictionApiTest {

    private static JsonNode synth(Optional<ModelfnSettings.Jwt> jwt) {
        Stack stack = TestStacks.newStack();
        Function prediction = Function.Builder.create(stack, "Predict").runtime(Runtime.JAVA_25).handler("h")
                .code(Code.fromAsset(io.modelfn.infra.support.TestArtifacts.artifacts().apiFunctionZip().toString())).build();
        Function admin = Function.Builder.create(stack, "Admin").runtime(Runtime.JAVA_25).handler("h")
                .code(Code.fromAsset(io.modelfn.infra.support.TestArtifacts.artifacts().apiFunctionZip().toString())).build();
        new PredictionApi(stack, "Api", new PredictionApi.Props("modelfn-test", prediction, admin, jwt, 50, 100,
                RetentionDays.ONE_MONTH, false));
        return TemplateJson.of(Template.fromStack(stack));
    }

    private static Map<String, JsonNode> routesByKey(JsonNode template) {
        return TemplateJson.resources(template, "AWS::ApiGatewayV2::Route").values().stream()
                .collect(Collectors.toMap(r -> r.path("Properties").path("RouteKey").asText(), r -> r.path("Properties")));
    }

    @Test
    void routes_should_needIamOnAdminAndNothingOnPredictions_when_noJwtIsConfigured() {
        // GIVEN / WHEN an API without a JWT issuer
        Map<String, JsonNode> routes = routesByKey(synth(Optional.empty()));

        // THEN every prediction route is open, the admin route needs IAM
        assertThat(routes.keySet()).containsExactlyInAnyOrder(
                "GET /v2", "ANY /v2/{proxy+}", "POST /predict", "POST /feedback", "GET /ping", "POST /invocations", "ANY /admin/{proxy+}");
        PredictionApi.PREDICTION_ROUTES.forEach(r ->
                assertThat(routes.get(r.key()).path("AuthorizationType").asText()).as(r.key()).isEqualTo("NONE"));
        assertThat(routes.get(PredictionApi.ADMIN_ROUTE.key()).path("AuthorizationType").asText()).isEqualTo("AWS_IAM");
    }

    @Test
    void routes_should_needJwtOnPredictionsAndIamOnAdmin_when_aJwtIssuerIsConfigured() {
        // GIVEN an API with a JWT issuer
        var jwt = new ModelfnSettings.Jwt("https://issuer.example.com/pool", List.of("client-a"));

        // WHEN synthesised
        JsonNode template = synth(Optional.of(jwt));
        Map<String, JsonNode> routes = routesByKey(template);

        // THEN one JWT authorizer with the issuer and audience guards every prediction route
        Map<String, JsonNode> authorizers = TemplateJson.resources(template, "AWS::ApiGatewayV2::Authorizer");
        assertThat(authorizers).hasSize(1);
        String authorizerId = authorizers.keySet().iterator().next();
        JsonNode authorizer = authorizers.get(authorizerId).path("Properties");
        assertThat(authorizer.path("AuthorizerType").asText()).isEqualTo("JWT");
        assertThat(authorizer.path("JwtConfiguration").path("Issuer").asText()).isEqualTo("https://issuer.example.com/pool");
        assertThat(TemplateJson.strings(authorizer.path("JwtConfiguration").path("Audience"))).containsExactly("client-a");
        PredictionApi.PREDICTION_ROUTES.forEach(r -> {
            JsonNode route = routes.get(r.key());
            assertThat(route.path("AuthorizationType").asText()).as(r.key()).isEqualTo("JWT");
            assertThat(route.path("AuthorizerId").path("Ref").asText()).as(r.key()).isEqualTo(authorizerId);
        });
        // and the admin route still needs IAM, not the JWT
        JsonNode admin = routes.get(PredictionApi.ADMIN_ROUTE.key());
        assertThat(admin.path("AuthorizationType").asText()).isEqualTo("AWS_IAM");
        assertThat(admin.has("AuthorizerId")).isFalse();
    }

    @Test
    void stage_should_throttleAndWriteAccessLogs_when_synthesised() {
        JsonNode template = synth(Optional.empty());

        Template.fromString(template.toString()).hasResourceProperties("AWS::ApiGatewayV2::Stage", Match.objectLike(Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100),
                "AccessLogSettings", Match.objectLike(Map.of(
                        "DestinationArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ApiAccessLogs.*"), "Arn")),
                        "Format", Match.stringLikeRegexp(".*\\$context.requestId.*"))))));
        // and the log format holds no payload, header or query string
        String format = TemplateJson.resources(template, "AWS::ApiGatewayV2::Stage").values().iterator().next()
                .path("Properties").path("AccessLogSettings").path("Format").asText();
        assertThat(format).doesNotContain("requestBody", "header", "querystring");
    }

    @Test
    void integrations_should_usePayloadV2OnTheGivenTargets_when_synthesised() {
        JsonNode template = synth(Optional.empty());

        Map<String, JsonNode> integrations = TemplateJson.resources(template, "AWS::ApiGatewayV2::Integration");
        assertThat(integrations).hasSize(2);
        integrations.values().forEach(i -> {
            assertThat(i.path("Properties").path("PayloadFormatVersion").asText()).isEqualTo("2.0");
            assertThat(i.path("Properties").path("IntegrationType").asText()).isEqualTo("AWS_PROXY");
        });
    }
}
