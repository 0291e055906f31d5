package io.modelfn.core.testkit.localstack;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Disables an {@link OnLocalStack} class, with a reason the test report shows, when there is nothing
 * to run LocalStack on: no image named (the test was not started by Maven, which names the parent
 * POM's {@code localstack.image}), or no Docker daemon that Testcontainers can reach. Asking costs no
 * image pull and no wait: Testcontainers looks for a Docker environment once per JVM and remembers
 * the answer.
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
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.disabled("LocalStack run skipped: no Docker daemon is reachable "
                    + "(Testcontainers found no Docker environment: DOCKER_HOST unset or not answering, no docker.sock);"
                    + " the same contract runs without Docker on the local engines (DynamoDB Local, S3Proxy, moto_server)");
        }
        return ConditionEvaluationResult.enabled("Docker is reachable: running on " + LocalStack.image());
    }
}
