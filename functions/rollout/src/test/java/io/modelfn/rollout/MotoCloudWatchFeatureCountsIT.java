package io.modelfn.rollout;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The feature counts' contract ({@link CloudWatchFeatureCountsContract}) against moto_server's
 * CloudWatch API, which speaks the protocol this SDK uses for CloudWatch (AWS Query).
 */
class MotoCloudWatchFeatureCountsIT extends CloudWatchFeatureCountsContract {

    private static MotoServer moto;
    private static CloudWatchClient cloudWatch;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        cloudWatch = CloudWatchClient.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopMoto() {
        if (cloudWatch != null) {
            cloudWatch.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Override
    protected CloudWatchClient cloudWatch() {
        return cloudWatch;
    }
}
