package io.modelfn.infra.serving;

import io.modelfn.infra.config.ModelfnSettings;
import io.modelfn.infra.nag.NagReasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegrationProps;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The HTTP API (payload v2) in front of the functions. Prediction routes (Open Inference Protocol
 * v2, Funqy {@code predict} and {@code feedback}, the SageMaker contract) go to the prediction alias, behind a JWT
 * authorizer when one is configured; {@code ANY /admin/{proxy+}} goes to the admin alias and always
 * needs IAM (SigV4). No default route: any other path is API Gateway's 404. The {@code $default}
 * stage throttles every route and writes JSON access logs (no payloads, no headers) to its own log
 * group.
 */
public final class PredictionApi extends Construct {

    /** The prediction routes: method and path, as API Gateway route keys. */
    public static final List<Route> PREDICTION_ROUTES = List.of(
            new Route(HttpMethod.GET, "/v2"),
            new Route(HttpMethod.ANY, "/v2/{proxy+}"),
            new Route(HttpMethod.POST, "/predict"),
            new Route(HttpMethod.POST, "/feedback"),
            new Route(HttpMethod.GET, "/ping"),
            new Route(HttpMethod.POST, "/invocations"));
    /** The admin routes: every admin function, and the upload ticket path. */
    public static final Route ADMIN_ROUTE = new Route(HttpMethod.ANY, "/admin/{proxy+}");

    /** One route key. */
    public record Route(HttpMethod method, String path) {
        public String key() {
            return method.name() + " " + path;
        }
    }

    /** What may vary. */
    public record Props(String apiName, IFunction predictionTarget, IFunction adminTarget, Optional<ModelfnSettings.Jwt> jwt,
            int throttleRateLimit, int throttleBurstLimit, RetentionDays logRetention, boolean retainLogs) {
    }

    // HTTP API access-log variables only; nothing from the body, no headers, no query strings.
    private static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + "\"ip\":\"$context.identity.sourceIp\",\"requestTime\":\"$context.requestTime\","
            + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\",\"latency\":\"$context.responseLatency\","
            + "\"integrationLatency\":\"$context.integrationLatency\",\"integrationStatus\":\"$context.integrationStatus\","
            + "\"integrationError\":\"$context.integrationErrorMessage\",\"authorizerError\":\"$context.authorizer.error\","
            + "\"userArn\":\"$context.identity.userArn\"}";

    private final HttpApi api;
    private final HttpStage stage;
    private final LogGroup accessLogs;
    private final List<HttpRoute> predictionRoutes = new ArrayList<>();
    private final List<HttpRoute> adminRoutes = new ArrayList<>();

    public PredictionApi(Construct scope, String id, Props props) {
        super(scope, id);
        this.api = HttpApi.Builder.create(this, "Api")
                .apiName(props.apiName())
                .description("modelfn: predictions and the IAM-protected admin API")
                .createDefaultStage(false)
                .build();
        this.accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(props.logRetention())
                .removalPolicy(props.retainLogs() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        this.stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(props.throttleRateLimit())
                        .burstLimit(props.throttleBurstLimit())
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(accessLogs);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
                    }
                })
                .build();

        IHttpRouteAuthorizer predictionAuthorizer = props.jwt()
                .<IHttpRouteAuthorizer>map(jwt -> HttpJwtAuthorizer.Builder.create("JwtAuthorizer", jwt.issuer())
                        .authorizerName("jwt")
                        .jwtAudience(jwt.audience())
                        .build())
                .orElse(null);
        var prediction = new HttpLambdaIntegration("Prediction", props.predictionTarget(),
                HttpLambdaIntegrationProps.builder().payloadFormatVersion(PayloadFormatVersion.VERSION_2_0).build());
        for (Route route : PREDICTION_ROUTES) {
            AddRoutesOptions.Builder options = AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(List.of(route.method()))
                    .integration(prediction);
            if (predictionAuthorizer != null) {
                options.authorizer(predictionAuthorizer);
            }
            predictionRoutes.addAll(api.addRoutes(options.build()));
        }
        var admin = new HttpLambdaIntegration("Admin", props.adminTarget(),
                HttpLambdaIntegrationProps.builder().payloadFormatVersion(PayloadFormatVersion.VERSION_2_0).build());
        adminRoutes.addAll(api.addRoutes(AddRoutesOptions.builder()
                .path(ADMIN_ROUTE.path())
                .methods(List.of(ADMIN_ROUTE.method()))
                .integration(admin)
                .authorizer(new HttpIamAuthorizer())
                .build()));

        if (predictionAuthorizer == null) {
            for (HttpRoute route : predictionRoutes) {
                NagReasons.suppress(route, "AwsSolutions-APIG4",
                        "No JWT issuer is configured for this stage (api.jwt), so prediction routes are open by choice: "
                                + "they are read-only, throttled on the stage, size-limited and access-logged; admin routes always need IAM.");
            }
        }
    }

    public HttpApi api() {
        return api;
    }

    public HttpStage stage() {
        return stage;
    }

    public LogGroup accessLogs() {
        return accessLogs;
    }

    /** {@code https://<id>.execute-api.<region>.amazonaws.com}: the {@code $default} stage's URL. */
    public String url() {
        return api.getApiEndpoint();
    }
}
