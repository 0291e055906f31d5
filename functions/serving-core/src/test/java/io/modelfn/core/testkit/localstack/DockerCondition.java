package io.modelfn.core.testkit.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Disables an {@link OnLocalStack} class, with a reason the test report shows, when there is nothing
 * to run LocalStack on: no image named (the test was not started by Maven, which names the parent
 * POM's {@code localstack.image}), or no Docker daemon that Testcontainers can reach. Asking costs no
 * image pull and no wait: where no Docker endpoint exists at all (no {@code DOCKER_HOST}, no
 * Testcontainers configuration, no socket where Testcontainers looks) the answer is given without
 * starting Testcontainers, whose own search takes seconds; otherwise Testcontainers decides, once per JVM.
 */
public final class DockerCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        ConditionEvaluationResult result = evaluate();
        if (result.isDisabled() && context.getTestMethod().isEmpty()) {
            // Surefire's console counts skipped tests but does not print why (its XML report does).
            System.out.println(context.getDisplayName() + ": " + result.getReason().orElseThrow());
        }
        return result;
    }

    private static ConditionEvaluationResult evaluate() {
        if (LocalStack.image() == null) {
            return ConditionEvaluationResult.disabled("LocalStack run skipped: no image named (system property "
                    + LocalStack.IMAGE_PROPERTY + ", which Maven's failsafe sets from the parent POM's localstack.image)");
        }
        Optional<String> endpoint = dockerEndpointHint();
        if (endpoint.isEmpty()) {
            return ConditionEvaluationResult.disabled("LocalStack run skipped: no Docker endpoint found (DOCKER_HOST unset,"
                    + " no ~/.testcontainers.properties, no docker.sock in " + socketPlaces() + ");"
                    + " the same contract runs without Docker on the local engines (DynamoDB Local, S3Proxy, moto_server)");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.disabled("LocalStack run skipped: no Docker daemon answers (" + endpoint.get()
                    + " is there, but Testcontainers found no working Docker environment; its log says what it tried);"
                    + " the same contract runs without Docker on the local engines (DynamoDB Local, S3Proxy, moto_server)");
        }
        return ConditionEvaluationResult.enabled("Docker is reachable: running on " + LocalStack.image());
    }

    /** Where a Docker endpoint may be configured or listening, as Testcontainers looks for one; empty if nowhere. */
    private static Optional<String> dockerEndpointHint() {
        if (System.getenv("DOCKER_HOST") != null) {
            return Optional.of("DOCKER_HOST");
        }
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return Optional.of("Windows' named pipe");
        }
        Path home = Path.of(System.getProperty("user.home"));
        if (Files.exists(home.resolve(".testcontainers.properties"))) {
            return Optional.of("~/.testcontainers.properties");
        }
        if (Files.exists(home.resolve(".docker/config.json"))) {
            return Optional.of("~/.docker/config.json (a Docker context may name the daemon)");
        }
        return socketPlaces().stream().filter(Files::exists).findFirst().map(Path::toString);
    }

    /** The sockets Testcontainers tries: the system daemon's, rootless Docker's and Docker Desktop's. */
    private static List<Path> socketPlaces() {
        Path home = Path.of(System.getProperty("user.home"));
        List<Path> places = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"),
                home.resolve(".docker/run/docker.sock"), home.resolve(".docker/desktop/docker.sock")));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null) {
            places.add(Path.of(runtimeDir, "docker.sock"));
            places.add(Path.of(runtimeDir, ".docker/run/docker.sock"));
        }
        // Rootless Docker without XDG_RUNTIME_DIR: /run/user/<uid>/docker.sock.
        try (var users = Files.list(Path.of("/run/user"))) {
            users.map(user -> user.resolve("docker.sock")).forEach(places::add);
        } catch (IOException | UncheckedIOException noSuchFolder) {
            // no per-user runtime folders: nothing to add
        }
        return places;
    }
}
