package io.modelfn.core.testkit.localstack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs a contract against LocalStack: it runs where a Docker daemon is
 * reachable and is reported as skipped, with the reason, where none is (see {@link DockerCondition}).
 * The class gets its endpoint from {@link LocalStack#shared()}, in {@code @BeforeAll} or later.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DockerCondition.class)
public @interface OnLocalStack {
}
