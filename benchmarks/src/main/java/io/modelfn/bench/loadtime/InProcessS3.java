package io.modelfn.bench.loadtime;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * S3Proxy in this JVM on a loopback port, objects in a folder (not in the heap: the models go up
 * to 500 MB), and an {@link S3Client} for it built like the application's (url-connection HTTP
 * client, path-style access). Uploads are sent whole, not aws-chunked (see the inference-onnx
 * tests' {@code LocalS3Clients}: S3Proxy 4.1.0 drops chunked uploads over plain HTTP).
 */
final class InProcessS3 implements AutoCloseable {

    private static final String ACCESS_KEY = "bench-access-key";
    private static final String SECRET_KEY = "bench-secret-key";

    private final S3Proxy proxy;
    private final S3Client client;

    private InProcessS3(S3Proxy proxy, S3Client client) {
        this.proxy = proxy;
        this.client = client;
    }

    static InProcessS3 start(Path folder) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(folder.toAbsolutePath().toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // An upload sent whole is buffered to check its signature; the default limit (128 MiB) is
                // below the largest generated model.
                .v4MaxNonChunkedRequestSize(1L << 30)
                .stopTimeout(0)
                .build();
        proxy.start();
        S3Client client = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
                .forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofMinutes(2))
                        .build())
                .build();
        return new InProcessS3(proxy, client);
    }

    S3Client client() {
        return client;
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
    }
}
