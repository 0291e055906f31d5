package io.modelfn.api.reliability.faults;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Faults injected into the application's own AWS SDK clients (DynamoDB and S3) through an
 * {@link ExecutionInterceptor} on every attempt, switched by the tests while the application runs.
 * The tests' own clients, which check what was written, have no interceptor.
 */
public final class Faults {

    /** What the service does to the application's calls. */
    public enum Mode {
        /** Answers normally. */
        NONE,
        /** Every attempt fails as a refused connection does. */
        DOWN,
        /** Every attempt is refused with 400 ThrottlingException. */
        THROTTLED,
        /** Only TransactWriteItems attempts are throttled (reads and other writes work). */
        THROTTLE_TRANSACTIONS,
        /** TransactWriteItems reach the table, but every response is lost on the way back. */
        LOSE_TRANSACTION_RESPONSES,
        /** Every attempt waits {@link Fault#delay} first. */
        SLOW
    }

    public static final Fault DYNAMODB = new Fault("DynamoDB");
    public static final Fault S3 = new Fault("S3");

    private Faults() {
    }

    /** Back to normal, counters reset. */
    public static void reset() {
        DYNAMODB.set(Mode.NONE);
        S3.set(Mode.NONE);
        DYNAMODB.attempts.set(0);
        S3.attempts.set(0);
    }

    /** One service's switch and its attempt counter. Thread-safe. */
    public static final class Fault implements ExecutionInterceptor {

        private final String service;
        private volatile Mode mode = Mode.NONE;
        private volatile Duration delay = Duration.ZERO;
        private final AtomicInteger attempts = new AtomicInteger();

        Fault(String service) {
            this.service = service;
        }

        public void set(Mode newMode) {
            mode = newMode;
        }

        public void slow(Duration newDelay) {
            delay = newDelay;
            mode = Mode.SLOW;
        }

        /** Attempts the application made since the last {@link Faults#reset()}. */
        public int attempts() {
            return attempts.get();
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            attempts.incrementAndGet();
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            switch (mode) {
                case DOWN -> throw SdkClientException.create("injected fault: " + service + " is down",
                        new ConnectException("Connection refused"));
                case THROTTLED -> throw throttled(operation);
                case THROTTLE_TRANSACTIONS -> {
                    if ("TransactWriteItems".equals(operation)) {
                        throw throttled(operation);
                    }
                }
                case SLOW -> {
                    try {
                        Thread.sleep(delay.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                default -> {
                    // NONE and LOSE_TRANSACTION_RESPONSES let the request through
                }
            }
        }

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            if (mode == Mode.LOSE_TRANSACTION_RESPONSES
                    && "TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                throw SdkClientException.create("injected fault: the " + service + " response was lost",
                        new java.net.SocketTimeoutException("Read timed out"));
            }
        }

        private AwsServiceException throttled(String operation) {
            return AwsServiceException.builder()
                    .message("injected fault: " + service + " " + operation + " throttled")
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException")
                            .errorMessage("Rate of requests exceeds the allowed throughput.").serviceName(service)
                            .sdkHttpResponse(SdkHttpResponse.builder().statusCode(400).build()).build())
                    .build();
        }
    }
}
