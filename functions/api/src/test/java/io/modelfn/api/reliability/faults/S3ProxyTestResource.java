package io.modelfn.api.reliability.faults;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.testkit.SampleModels;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * S3Proxy in this JVM (objects in memory) with a model bucket holding iris 1.0.0 and 1.1.0 and digits
 * 1.0.0 under {@code models/}, as the S3 store of the fault-injection tests.
 */
public class S3ProxyTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "modelfn-faults";
    static final String ACCESS_KEY = "faults-access-key";
    static final String SECRET_KEY = "faults-secret-key";
    static final List<String> MODELS = List.of("iris/1.0.0", "iris/1.1.0", "digits/1.0.0");

    private S3Proxy proxy;

    /** {@code s3://modelfn-faults/models/<key>/model.onnx}. */
    public static String uriOf(String key) {
        return "s3://" + BUCKET + "/models/" + key + "/model.onnx";
    }

    @Override
    public Map<String, String> start() {
        try {
            proxy = S3Proxy.builder()
                    .blobStore(new TransientNio2BlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .stopTimeout(0)
                    .build();
            proxy.start();
            URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
            try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true)
                    .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .build()) {
                s3.createBucket(b -> b.bucket(BUCKET));
                for (String key : MODELS) {
                    s3.putObject(b -> b.bucket(BUCKET).key("models/" + key + "/model.onnx"),
                            RequestBody.fromFile(SampleModels.modelFile(ModelKey.parse(key))));
                }
            }
            return Map.of("modelfn.aws.s3-endpoint", endpoint.toString(), "modelfn.store.bucket", BUCKET,
                    "modelfn.store.prefix", "models/");
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (proxy != null) {
                proxy.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
