package io.modelfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.cli.CliEnvironment;
import io.modelfn.cli.ModelfnCommand;
import io.modelfn.core.admin.ModelCatalog;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.AuditEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The operator CLI ({@code functions/cli}) against the real admin API of the local runner, as
 * {@code samples/cli-walkthrough.sh} drives it: the CLI's command line, wired as its {@code Main} wires
 * it, run in this JVM with arguments, against the Quarkus application on DynamoDB Local. Each step is
 * checked three ways: the exit code, what the CLI printed, and the registry as the server reads it.
 *
 * <p>The versions are iris's committed 1.0.0 and 1.1.0 files under a model name of this test's own
 * ({@code cli-walk}), so the other tests of the runner, which share its registry, see nothing of it.
 */
@QuarkusTest
@TestProfile(OperatorCliIT.KnownPort.class)
class OperatorCliIT {

    /**
     * The local runner on a port chosen before it starts, named as its public URL: upload tickets carry
     * that URL, and the CLI sends the file to it, as it does to {@code localhost:8080} in the walkthrough.
     */
    public static class KnownPort extends LocalRunnerTestProfile {
        private static final int PORT = freePort();

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("quarkus.http.test-port", Integer.toString(PORT));
            overrides.put("modelfn.admin.public-url", "http://127.0.0.1:" + PORT);
            return overrides;
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "cli-walk";

    @TestHTTPResource("/")
    URI base;

    @Inject
    ModelCatalog registry;

    /** What one CLI run printed and how it ended. */
    record Run(int exitCode, String out, String err) {
    }

    private Run cliWithToken(String token, String... args) {
        String url = base.toString().replaceAll("/$", "");
        CliEnvironment environment = new CliEnvironment(Map.of("MODELFN_URL", url, "MODELFN_ADMIN_TOKEN", token), Optional.empty());
        CommandLine commandLine = ModelfnCommand.commandLine(environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Run cli(String... args) {
        return cliWithToken(LocalRunnerTestProfile.TOKEN, args);
    }

    /** iris's committed files of {@code version}, renamed {@code MODEL}, in a folder of their own (model.onnx, model.json, reference.json). */
    private static Path copyOfIris(String version, Path dir) throws Exception {
        Path source = LocalRunnerTestProfile.repositoryRoot().resolve("models/iris").resolve(version);
        Path target = Files.createDirectories(dir.resolve(version));
        Files.copy(source.resolve("model.onnx"), target.resolve("model.onnx"));
        ObjectNode card = (ObjectNode) JSON.readTree(source.resolve("model.json").toFile());
        card.put("name", MODEL);
        if (card.path("lineage").has("parent")) {
            ((ObjectNode) card.path("lineage")).put("parent", MODEL + "/1.0.0");
        }
        JSON.writeValue(target.resolve("model.json").toFile(), card);
        ObjectNode reference = (ObjectNode) JSON.readTree(source.resolve("reference.json").toFile());
        reference.put("model", MODEL);
        JSON.writeValue(target.resolve("reference.json").toFile(), reference);
        return target.resolve("model.onnx");
    }

    /** {@code reference.json} beside {@code model} with every expected probability off by 0.5: outputs the model does not give. */
    private static Path wrongReference(Path model) throws Exception {
        ObjectNode reference = (ObjectNode) JSON.readTree(model.resolveSibling("reference.json").toFile());
        for (JsonNode testCase : reference.path("cases")) {
            for (JsonNode output : testCase.path("outputs")) {
                if (output.path("datatype").asText().equals("FP32")) {
                    var data = (ArrayNode) output.path("data");
                    for (int i = 0; i < data.size(); i++) {
                        data.set(i, data.get(i).asDouble() + 0.5);
                    }
                }
            }
        }
        Path wrong = model.resolveSibling("reference-wrong.json");
        JSON.writeValue(wrong.toFile(), reference);
        return wrong;
    }

    private AliasRecord production() {
        return registry.describeModel(MODEL).aliases().stream().filter(a -> a.alias().equals("production")).findFirst()
                .orElseThrow();
    }

    private Map<String, Integer> weights() {
        EndpointConfig endpoint = registry.describeEndpoint(MODEL);
        Map<String, Integer> weights = new TreeMap<>();
        for (Variant variant : endpoint.variants()) {
            weights.put(variant.name() + "=" + variant.model().version(), variant.weight());
        }
        return weights;
    }

    @Test
    void cli_should_register_canary_promote_roll_back_and_read_the_audit_trail_against_the_local_admin_api(@TempDir Path dir)
            throws Exception {
        Path v1 = copyOfIris("1.0.0", dir);
        Path v2 = copyOfIris("1.1.0", dir);

        // WHEN 1.0.0 is registered from its files (upload to the runner, then the validation gate),
        // and 1.1.0 with reference outputs it does not give
        Run first = cli("versions", "register", MODEL, "1.0.0", "--file", v1.toString());
        Run second = cli("versions", "register", MODEL, "1.1.0", "--file", v2.toString(), "--reference",
                wrongReference(v2).toString());
        // THEN 1.0.0 is VALIDATED with the file's digest; 1.1.0 is FAILED, and the CLI says so with exit 5
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("VALIDATED");
        assertThat(registry.describeVersion(MODEL, "1.0.0").version().state()).isEqualTo(LifecycleState.VALIDATED);
        assertThat(registry.describeVersion(MODEL, "1.0.0").version().sha256())
                .isEqualTo(JSON.readTree(v1.resolveSibling("model.json").toFile()).path("artifact").path("sha256").asText());
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(5);
        assertThat(second.out()).contains("FAILED");
        assertThat(registry.describeVersion(MODEL, "1.1.0").version().state()).isEqualTo(LifecycleState.FAILED);

        // WHEN 1.1.0 is validated again with its right reference outputs, as --json
        Run validated = cli("--json", "versions", "validate", MODEL, "1.1.0", "--reference",
                v2.resolveSibling("reference.json").toString());
        // THEN it passes (stdout is the server's JSON answer) and is VALIDATED in the registry
        assertThat(validated.exitCode()).as(validated.toString()).isZero();
        JsonNode answer = JSON.readTree(validated.out());
        assertThat(answer.path("validation").path("passed").asBoolean()).as(validated.out()).isTrue();
        assertThat(answer.path("state").asText()).isEqualTo("VALIDATED");
        assertThat(registry.describeVersion(MODEL, "1.1.0").version().state()).isEqualTo(LifecycleState.VALIDATED);

        // WHEN 1.0.0 goes to production and an endpoint serves it with 1.1.0 as a 10 % canary
        Run promotedFirst = cli("versions", "promote", MODEL, "1.0.0", "--reason", "first production version");
        Run canary = cli("endpoints", "put", MODEL, "--variant", "stable=" + MODEL + "/1.0.0:9000",
                "--variant", "canary=" + MODEL + "/1.1.0:10%", "--reason", "canary of 1.1.0");
        // THEN the alias and the weights are in the registry, and the CLI shows the endpoint's variants
        assertThat(promotedFirst.exitCode()).as(promotedFirst.toString()).isZero();
        assertThat(production().version()).isEqualTo("1.0.0");
        assertThat(canary.exitCode()).as(canary.toString()).isZero();
        assertThat(canary.out()).contains("canary").contains("1000");
        assertThat(weights()).containsExactly(Map.entry("canary=1.1.0", 1000), Map.entry("stable=1.0.0", 9000));
        long revision = registry.describeEndpoint(MODEL).revision();

        // WHEN weights that do not add up to 100 % are asked for
        Run badWeights = cli("endpoints", "weights", MODEL, "stable=9000", "canary=2000");
        // THEN the CLI refuses them itself (exit 2) and the endpoint is unchanged
        assertThat(badWeights.exitCode()).as(badWeights.toString()).isEqualTo(2);
        assertThat(registry.describeEndpoint(MODEL).revision()).isEqualTo(revision);

        // WHEN the canary gets half the traffic
        Run half = cli("endpoints", "weights", MODEL, "stable=50%", "canary=50%", "--reason", "canary healthy at 10 %");
        assertThat(half.exitCode()).as(half.toString()).isZero();
        assertThat(weights()).containsExactly(Map.entry("canary=1.1.0", 5000), Map.entry("stable=1.0.0", 5000));

        // WHEN 1.1.0 is promoted
        Run promoted = cli("versions", "promote", MODEL, "1.1.0", "--reason", "canary healthy at 50 %");
        // THEN production points at it, remembering 1.0.0, and the CLI names the version it demoted
        assertThat(promoted.exitCode()).as(promoted.toString()).isZero();
        assertThat(promoted.out()).contains(MODEL + " production -> 1.1.0").contains("1.0.0 demoted");
        assertThat(production().version()).isEqualTo("1.1.0");
        assertThat(production().previousVersion()).isEqualTo("1.0.0");
        assertThat(registry.describeVersion(MODEL, "1.1.0").version().state()).isEqualTo(LifecycleState.PRODUCTION);

        // WHEN someone moves the alias with a stale revision
        Run stale = cli("aliases", "set", MODEL, "production", "1.1.0", "--revision", "1");
        // THEN the server refuses with 409, the CLI exits 4 with the error on stderr, and nothing moved
        assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(4);
        assertThat(stale.err()).startsWith("modelfn: ");
        assertThat(production().version()).isEqualTo("1.1.0");

        // WHEN production is rolled back
        Run rolledBack = cli("aliases", "rollback", MODEL, "production", "--reason", "error-rate alarm");
        // THEN it points at 1.0.0 again
        assertThat(rolledBack.exitCode()).as(rolledBack.toString()).isZero();
        assertThat(rolledBack.out()).startsWith(MODEL + " production -> 1.0.0 (was 1.1.0");
        assertThat(production().version()).isEqualTo("1.0.0");

        // WHEN the audit trails are read, as a table and as JSON
        Run endpointAudit = cli("audit", "endpoint", MODEL, "--limit", "10");
        Run modelAudit = cli("--json", "audit", "model", MODEL);
        // THEN they hold every change, newest first, with its actor and reason
        assertThat(endpointAudit.exitCode()).as(endpointAudit.toString()).isZero();
        assertThat(endpointAudit.out()).contains("ACTOR").contains("canary of 1.1.0").contains("canary healthy at 10 %");
        assertThat(modelAudit.exitCode()).as(modelAudit.toString()).isZero();
        JsonNode events = JSON.readTree(modelAudit.out()).path("events");
        assertThat(events).extracting(e -> e.path("action").asText())
                .contains(AuditEvent.CREATE_VERSION, AuditEvent.TRANSITION, AuditEvent.SET_ALIAS);
        JsonNode lastAliasChange = null;
        for (JsonNode event : events) {
            if (lastAliasChange == null && event.path("action").asText().equals(AuditEvent.SET_ALIAS)) {
                lastAliasChange = event;
            }
        }
        assertThat(lastAliasChange).as(modelAudit.out()).isNotNull();
        assertThat(lastAliasChange.path("reason").asText()).isEqualTo("error-rate alarm");
        assertThat(lastAliasChange.path("to").path("version").asText()).isEqualTo("1.0.0");
        assertThat(lastAliasChange.path("from").path("version").asText()).isEqualTo("1.1.0");
        // every change is the token holder's, the caller the local runner authenticates
        assertThat(events).allSatisfy(e -> assertThat(e.path("actor").asText()).isEqualTo("token-holder"));
        assertThat(events).extracting(e -> e.path("reason").asText())
                .contains("first production version", "canary healthy at 50 %", "error-rate alarm");
    }

    @Test
    void cli_should_exit_with_the_documented_codes_when_the_admin_api_refuses() {
        // WHEN a version that does not exist is asked for, and any call is made with a wrong token
        Run missing = cli("versions", "describe", MODEL, "9.9.9");
        Run wrongToken = cliWithToken("not-the-token", "models", "list");

        // THEN 404 is exit 3 and 401 is exit 7, each with the server's message on stderr and nothing on stdout
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(3);
        assertThat(missing.err()).startsWith("modelfn: ");
        assertThat(missing.out()).isEmpty();
        assertThat(wrongToken.exitCode()).as(wrongToken.toString()).isEqualTo(7);
        assertThat(wrongToken.err()).contains("bearer token");
        assertThat(wrongToken.out()).isEmpty();
    }
}
