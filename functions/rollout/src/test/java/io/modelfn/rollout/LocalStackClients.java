package io.modelfn.rollout;

import io.modelfn.core.testkit.localstack.LocalStack;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** SDK clients pointed at the JVM's LocalStack, on the url-connection HTTP client the function uses. */
final class LocalStackClients {

    private LocalStackClients() {
    }

    /** {@code builder} (any service's), pointed at LocalStack with its region and credentials, built. */
    static <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C of(B builder) {
        return builder.endpointOverride(LocalStack.endpoint())
                .region(Region.of(LocalStack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalStack.accessKey(), LocalStack.secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
