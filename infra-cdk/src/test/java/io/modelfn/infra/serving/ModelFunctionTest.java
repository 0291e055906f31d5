package io.modelfn.infra.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.infra.support.TestArtifacts;
import io.modelfn.infra.support.TestStacks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;

class ModelFunctionTest {

    private static Template synth(int memory, int timeout, Map<String, String> environment) {
        Stack stack = TestStacks.newStack();
        LayerVersion layer = LayerVersion.Builder.create(stack, "Layer")
                .code(Code.fromAsset(TestArtifacts.artifacts().onnxRuntimeLayerZip().toString())).build();
        new ModelFunction(stack, "Prediction", new ModelFunction.Props("modelfn-test-predict", "test",
                TestArtifacts.artifacts().apiFunctionZip(), memory, timeout, environment, List.of(layer), 30, false));
        return Template.fromStack(stack);
    }

    @Test
    void function_should_runJava25OnX86WithSnapStartAndTracing_when_synthesised() {
        // GIVEN / WHEN a function from a zip
        Template template = synth(3008, 29, Map.of("MODELFN_REGISTRY_TABLE", "t"));

        // THEN Quarkus's handler on Java 25, x86_64 only, SnapStart on published versions, X-Ray active
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "modelfn-test-predict",
                "Runtime", "java25",
                "Architectures", List.of("x86_64"),
                "Handler", ModelFunction.QUARKUS_HANDLER,
                "MemorySize", 3008,
                "Timeout", 29,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "TracingConfig", Map.of("Mode", "Active"),
                "Layers", List.of(Map.of("Ref", Match.stringLikeRegexp("Layer.*"))))));
    }

    @Test
    void function_should_carryItsEnvironmentAndTheTelemetryOptOuts_when_synthesised() {
        Template template = synth(2048, 30, Map.of("MODELFN_REGISTRY_TABLE", "registry", "OPT_OUT_TRACKING", "false"));

        // THEN the opt-outs win over anything passed in, and the JVM starts with the function's options
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Environment", Map.of("Variables", Map.of(
                        "MODELFN_REGISTRY_TABLE", "registry",
                        "OPT_OUT_TRACKING", "true",
                        "ORT_DISABLE_TELEMETRY", "1",
                        "JAVA_TOOL_OPTIONS", ModelFunction.JVM_OPTIONS)))));
    }

    @Test
    void jvmOptions_should_comeBeforeTheCallersOwn_when_theCallerPassesSome() {
        // GIVEN a caller's JAVA_TOOL_OPTIONS
        Template template = synth(2048, 30, Map.of("JAVA_TOOL_OPTIONS", "-XX:MetaspaceSize=256m -Dx=1"));

        // THEN ours come first, so the caller's (the JVM takes the last of a flag) win
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "JAVA_TOOL_OPTIONS", "-XX:MetaspaceSize=128m -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=256m -Dx=1"))))));
    }

    @Test
    void alias_should_beLiveOnThePublishedCurrentVersion_when_synthesised() {
        Template template = synth(2048, 30, Map.of());

        template.resourceCountIs("AWS::Lambda::Version", 1);
        template.hasResourceProperties("AWS::Lambda::Alias", Match.objectLike(Map.of(
                "Name", ModelFunction.ALIAS,
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("PredictionFunctionCurrentVersion.*"), "Version")))));
    }

    @Test
    void function_should_logToItsOwnGroupWithRetentionAndNoManagedPolicy_when_synthesised() {
        Template template = synth(2048, 30, Map.of());
        JsonNode json = TemplateJson.of(template);

        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/lambda/modelfn-test-predict", "RetentionInDays", 30));
        JsonNode role = TemplateJson.resources(json, "AWS::IAM::Role").values().iterator().next();
        assertThat(role.path("Properties").has("ManagedPolicyArns")).isFalse();
        String roleId = TemplateJson.resources(json, "AWS::IAM::Role").keySet().iterator().next();
        var statements = TemplateJson.statementsOfRole(json, roleId);
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.actions()).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
            assertThat(s.resources().get(0).toString()).contains("PredictionLogs");
        });
    }

    @Test
    void function_should_runInThePrivateSubnetsWithItsOwnHttpsOnlyGroup_when_placedInAVpc() {
        // GIVEN a VPC with private subnets behind NAT
        Stack stack = TestStacks.newStack();
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).restrictDefaultSecurityGroup(false).build();

        // WHEN a function is placed in its private subnets
        ModelFunction function = new ModelFunction(stack, "Prediction", new ModelFunction.Props("modelfn-test-predict", "test",
                TestArtifacts.artifacts().apiFunctionZip(), 2048, 30, Map.of(), List.of(), 30, false,
                Optional.of(new ModelFunction.VpcPlacement(vpc,
                        SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()))));
        Template template = Template.fromStack(stack);
        JsonNode json = TemplateJson.of(template);

        // THEN its VPC configuration names the two private subnets and its own security group
        JsonNode vpcConfig = TemplateJson.resources(json, "AWS::Lambda::Function").values().iterator().next()
                .path("Properties").path("VpcConfig");
        assertThat(TemplateJson.list(vpcConfig.path("SubnetIds"))).extracting(TemplateJson::joined)
                .allMatch(id -> id.matches("\\{VpcPrivateSubnet[12]Subnet.*}")).hasSize(2);
        assertThat(TemplateJson.list(vpcConfig.path("SecurityGroupIds"))).extracting(TemplateJson::joined)
                .singleElement().asString().startsWith("{PredictionSecurityGroup");
        // and the group admits nothing and lets out HTTPS only
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                "SecurityGroupEgress", List.of(Match.objectLike(Map.of(
                        "CidrIp", "0.0.0.0/0", "IpProtocol", "tcp", "FromPort", 443, "ToPort", 443))),
                "SecurityGroupIngress", Match.absent())));
        assertThat(function.connections()).isPresent();
        // and the role holds Lambda's network-interface actions inline, no managed policy
        var roles = TemplateJson.resources(json, "AWS::IAM::Role");
        assertThat(roles.values()).allSatisfy(r -> assertThat(r.path("Properties").has("ManagedPolicyArns")).isFalse());
        assertThat(TemplateJson.statementsOfRole(json, roles.keySet().iterator().next()))
                .filteredOn(st -> st.actions().contains("ec2:CreateNetworkInterface")).singleElement()
                .satisfies(st -> assertThat(st.actions()).containsExactlyElementsOf(ModelFunction.VPC_ACCESS_ACTIONS));
    }

    @Test
    void function_should_haveNoVpcGroupOrEc2Permission_when_notPlacedInAVpc() {
        // GIVEN / WHEN a function without a VPC placement
        Template template = synth(2048, 30, Map.of());
        JsonNode json = TemplateJson.of(template);

        // THEN no VPC configuration, no security group, no EC2 action
        template.resourceCountIs("AWS::EC2::SecurityGroup", 0);
        assertThat(TemplateJson.resources(json, "AWS::Lambda::Function").values())
                .allSatisfy(f -> assertThat(f.path("Properties").has("VpcConfig")).isFalse());
        assertThat(TemplateJson.identityStatements("Test", json)).flatExtracting(TemplateJson.Statement::actions)
                .noneMatch(a -> a.startsWith("ec2:"));
    }

    @Test
    void function_should_failWithAHint_when_theZipWasNotBuilt() {
        Stack stack = TestStacks.newStack();

        assertThatThrownBy(() -> new ModelFunction(stack, "Missing", new ModelFunction.Props("x", "x",
                Path.of("/nonexistent/function.zip"), 512, 10, Map.of(), List.of(), 30, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist: build it first");
    }

    @Test
    void retention_should_refuseDays_when_cloudWatchHasNoSuchRetention() {
        assertThatThrownBy(() -> io.modelfn.infra.config.LogRetention.of(10)).hasMessageContaining("not one CloudWatch Logs offers");
        assertThat(io.modelfn.infra.config.LogRetention.of(14)).isNotNull();
    }
}
