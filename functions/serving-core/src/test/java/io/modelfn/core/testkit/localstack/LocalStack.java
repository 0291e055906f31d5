package io.modelfn.core.testkit.localstack;

import java.net.URI;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One LocalStack container per test JVM, started by the first {@link OnLocalStack} class that asks
 * and stopped by Testcontainers' reaper when the JVM ends. Every service our code calls (DynamoDB,
 * S3, Lambda, CloudWatch, IAM) is served on the one endpoint; test classes keep out of each
 * other's way by the names of their tables, buckets, functions and alarms.
 *
 * <p>The image is the parent POM's {@code localstack.image}, handed to the tests by failsafe as the
 * system property {@value #IMAGE_PROPERTY}. Thread-safe.
 */
public final class LocalStack {

    /** The system property that names the image. */
    public static final String IMAGE_PROPERTY = "localstack.image";

    private static LocalStackContainer container;

    private LocalStack() {
    }

    /** The image to run, or null when the test was started without one named. */
    static String image() {
        String image = System.getProperty(IMAGE_PROPERTY);
        return image == null || image.isBlank() ? null : image;
    }

    /** The running container, started on first use (the image is pulled then if Docker lacks it). */
    public static synchronized LocalStackContainer shared() {
        if (container == null) {
            String image = image();
            if (image == null) {
                throw new IllegalStateException("no LocalStack image named: set -D" + IMAGE_PROPERTY
                        + " (an @OnLocalStack class is skipped without it)");
            }
            LocalStackContainer started = new LocalStackContainer(DockerImageName.parse(image))
                    .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.S3,
                            LocalStackContainer.Service.LAMBDA, LocalStackContainer.Service.CLOUDWATCH,
                            LocalStackContainer.Service.IAM);
            started.start();
            container = started;
        }
        return container;
    }

    /** The one endpoint of every service. */
    public static URI endpoint() {
        return shared().getEndpoint();
    }

    /** The region LocalStack was started in. */
    public static String region() {
        return shared().getRegion();
    }

    /** The access key LocalStack accepts (its account id comes from it). */
    public static String accessKey() {
        return shared().getAccessKey();
    }

    /** The secret key that goes with {@link #accessKey()}. */
    public static String secretKey() {
        return shared().getSecretKey();
    }
}
