package io.modelfn.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.modelfn.infra.config.ModelfnSettings;
import io.modelfn.infra.config.SettingsLoader;
import io.modelfn.infra.stacks.DataStack;
import io.modelfn.infra.stacks.GpuStack;
import io.modelfn.infra.stacks.ServingStack;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/**
 * The CDK app: reads the stage's settings, creates its stacks, applies cdk-nag's AwsSolutions
 * checks, and synthesises a cloud assembly. Runs under the CDK CLI ({@code cdk.json}'s {@code app}
 * builds the zips and runs this class: {@code cdk synth|diff|deploy -c stage=prod} from
 * {@code infra-cdk/}) and without it (the Maven {@code synth} profile).
 *
 * <p>Arguments {@code key=value} become CDK context, like the CLI's {@code -c key=value}:
 * {@code stage=prod}, {@code config=path/to/file.json}, {@code outdir=path}, and the values a settings
 * file leaves to the operator ({@code jwtIssuer=...}; also read from {@code MODELFN_JWT_ISSUER}...).
 * Arguments are defaults: the context the CLI hands over ({@code CDK_CONTEXT_JSON}: cdk.json's and the
 * {@code -c} values) wins over them, so the stage is {@code -c stage=...} under the CLI, else the
 * {@code stage=} argument (the synth profile's {@code -Dstage}), else {@code dev}.
 */
public final class ModelfnApp {

    /**
     * Feature flags this app depends on, fixed here so the template is the same with or without
     * the CLI; {@code cdk.json}'s context holds the same flags (a test keeps them equal).
     */
    public static final Map<String, Object> FEATURE_FLAGS = flags();

    /** The stacks of one stage; {@code gpu} is empty unless a GPU backend is enabled. */
    public record Stage(ModelfnSettings settings, DataStack data, ServingStack serving, Optional<GpuStack> gpu) {
    }

    private ModelfnApp() {
    }

    public static void main(String[] args) {
        Map<String, Object> context = new LinkedHashMap<>(FEATURE_FLAGS);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are key=value (stage=dev, config=..., outdir=...), got '" + arg + "'");
            }
            context.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        // Defaults: the App lays the CLI's context (CDK_CONTEXT_JSON, with -c stage=...) over them.
        AppProps.Builder props = AppProps.builder().context(context);
        // Under the CLI, CDK_OUTDIR says where; alone, cdk.out (or outdir=...).
        if (System.getenv("CDK_OUTDIR") == null) {
            props.outdir(String.valueOf(context.getOrDefault("outdir", "cdk.out")));
        }
        App app = new App(props.build());
        Stage stage = build(app, SettingsLoader.fromContext(app.getNode(), System.getenv()));
        CloudAssembly assembly = app.synth();
        System.out.println("modelfn: synthesised stage " + stage.settings().stage() + " ("
                + stage.data().getStackName() + stage.gpu().map(g -> ", " + g.getStackName()).orElse("")
                + ", " + stage.serving().getStackName() + ") into " + app.getOutdir());
        // A synth "succeeds" even when cdk-nag found errors; this one does not.
        long errors = 0;
        for (CloudFormationStackArtifact stack : assembly.getStacks()) {
            for (SynthesisMessage message : stack.getMessages()) {
                if (message.getLevel() == SynthesisMessageLevel.ERROR) {
                    errors++;
                    System.err.println("ERROR " + message.getId() + ": " + message.getEntry().getData());
                }
            }
        }
        if (errors > 0) {
            System.err.println("modelfn: " + errors + " error(s) in the synthesised stacks (cdk-nag or CDK); see above");
            System.exit(1);
        }
    }

    /** Creates a stage's stacks in {@code app} and applies the cdk-nag checks to all of them. */
    public static Stage build(App app, ModelfnSettings settings) {
        String prefix = settings.namePrefix();
        // Account-agnostic always (no lookups at synth); pinned to a region only when the settings name one.
        Environment env = settings.pinnedRegion().map(r -> Environment.builder().region(r).build()).orElse(null);
        DataStack data = new DataStack(app, prefix + "-data", StackProps.builder().env(env)
                .description("modelfn " + settings.stage() + ": model bucket and registry table").build(), settings);
        // GPU backends first: the serving stack lets the prediction function reach them.
        Optional<GpuStack> gpu = settings.gpu().anyEnabled()
                ? Optional.of(new GpuStack(app, prefix + "-gpu", StackProps.builder().env(env)
                        .description("modelfn " + settings.stage() + ": GPU backends (SageMaker, ECS)").build(), settings, data))
                : Optional.empty();
        ServingStack serving = new ServingStack(app, prefix + "-serving", StackProps.builder().env(env)
                .description("modelfn " + settings.stage() + ": functions, HTTP API, code deployments, rollout alarms, dashboard")
                .build(), settings, data, gpu);
        // CloudFormation takes no tags on dashboards.
        TagProps tagProps = TagProps.builder().excludeResourceTypes(List.of("AWS::CloudWatch::Dashboard")).build();
        Tags.of(app).add("project", "modelfn", tagProps);
        Tags.of(app).add("stage", settings.stage(), tagProps);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return new Stage(settings, data, serving, gpu);
    }

    /** A new app with this app's feature flags (tests use it). */
    public static App newApp(String outdir) {
        return new App(AppProps.builder().context(new LinkedHashMap<>(FEATURE_FLAGS)).outdir(outdir).build());
    }

    private static Map<String, Object> flags() {
        Map<String, Object> flags = new LinkedHashMap<>();
        // A layer change must publish a new function version (SnapStart snapshots include the layer).
        flags.put("@aws-cdk/aws-lambda:recognizeLayerVersion", true);
        flags.put("@aws-cdk/aws-lambda:recognizeVersionProps", true);
        // One Lambda permission per alarm, with ids that do not collide.
        flags.put("@aws-cdk/aws-cloudwatch-actions:changeLambdaPermissionLogicalIdForLambdaAction", true);
        // Access logs delivered under a bucket policy, not ACLs (the buckets enforce bucket-owner ownership).
        flags.put("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        // ASGs from launch templates (launch configurations are deprecated); IMDSv2 on them.
        flags.put("@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig", true);
        flags.put("@aws-cdk/aws-ec2:launchTemplateDefaultUserData", true);
        // No logs:* on Resource '*' for ECS container instances.
        flags.put("@aws-cdk/aws-ecs:reduceEc2FargateCloudWatchPermissions", true);
        flags.put("@aws-cdk/aws-ecs:enableImdsBlockingDeprecatedFeature", false);
        flags.put("@aws-cdk/aws-ecs:disableEcsImdsBlocking", true);
        flags.put("@aws-cdk/aws-iam:minimizePolicies", false);
        // Exports between data and serving stacks stay strong: a used table or bucket cannot vanish.
        flags.put("@aws-cdk/core:defaultCrossStackReferences", "strong");
        return flags;
    }
}
