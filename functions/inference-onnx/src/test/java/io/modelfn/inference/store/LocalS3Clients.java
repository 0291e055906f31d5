package io.modelfn.inference.store;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Real {@link S3Client}s for a local S3 (S3Proxy, moto): endpoint override, path-style access,
 * dummy static credentials, us-east-1, the url-connection HTTP client the application uses, short
 * timeouts and no retries so a stopped server fails a test in about a second.
 *
 * <p>Uploads are sent whole, not aws-chunked: over plain HTTP the SDK signs a chunked upload, and
 * S3Proxy 4.1.0 answers such an upload and closes the connection before it has read the last bytes,
 * so the url-connection client, still writing them, fails 5 to 25 % of PUTs with "Error writing
 * request body to server" (measured here: 0 failures in 600 PUTs with whole uploads). Real S3 does
 * not do this; the application's client keeps the SDK defaults.
 */
public final class LocalS3Clients {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";

    private LocalS3Clients() {
    }

    public static S3Client pointedAt(URI endpoint, ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofMillis(500))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .overrideConfiguration(o -> {
                    o.apiCallAttemptTimeout(Duration.ofSeconds(5))
                            .apiCallTimeout(Duration.ofSeconds(10))
                            .retryStrategy(AwsRetryStrategy.doNotRetry());
                    for (ExecutionInterceptor interceptor : interceptors) {
                        o.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
    }

    /** Counts the API calls a client starts, to prove a refused location costs no S3 call. */
    public static final class CallCounter implements ExecutionInterceptor {

        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
            calls.incrementAndGet();
        }

        public int calls() {
            return calls.get();
        }
    }
}
