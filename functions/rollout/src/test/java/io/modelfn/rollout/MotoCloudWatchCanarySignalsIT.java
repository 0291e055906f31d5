package io.modelfn.rollout;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The canary signals' contract ({@link CloudWatchCanarySignalsContract}) against moto_server's
 * CloudWatch API, which speaks the protocol this SDK version uses for CloudWatch (AWS Query). Two of
 * the contract's tests cannot pass on moto 5.2.1, for gaps of moto's, not of the adapter: they are
 * disabled here with the reason and run on LocalStack.
 */
class MotoCloudWatchCanarySignalsIT extends CloudWatchCanarySignalsContract {

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

    @Test
    @Disabled("moto 5.2.1's DescribeAlarms applies one filter only: given AlarmNamePrefix it ignores StateValue "
            + "(moto/cloudwatch/responses.py, describe_alarms), so an alarm in OK comes back too; CloudWatch applies "
            + "both. Runs on LocalStack (LocalStackCloudWatchCanarySignalsIT)")
    @Override
    void alarmsFiring_should_name_the_endpoints_alarms_in_alarm_and_not_those_in_ok() {
    }

    @Test
    @Disabled("moto 5.2.1 does not implement PutCompositeAlarm (it answers 500). "
            + "Runs on LocalStack (LocalStackCloudWatchCanarySignalsIT)")
    @Override
    void alarmsFiring_should_name_a_composite_alarm_of_the_endpoint_in_alarm() {
    }
}
