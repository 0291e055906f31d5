package io.modelfn.inference.store;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** S3Proxy in this JVM on a free port of the loopback interface, objects kept in memory. */
public final class InProcessS3Proxy implements AutoCloseable {

    private final S3Proxy proxy;
    private final URI endpoint;

    private InProcessS3Proxy(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    public static InProcessS3Proxy start() throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, LocalS3Clients.ACCESS_KEY, LocalS3Clients.SECRET_KEY)
                .stopTimeout(0)
                .build();
        proxy.start();
        return new InProcessS3Proxy(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
