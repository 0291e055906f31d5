package io.modelfn.inference.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.store.ModelStoreUnavailableException;
import io.modelfn.core.testkit.SampleModels;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 store's contract ({@link S3ModelStoreContract}) against S3Proxy running in this JVM (objects
 * in memory; S3Proxy keeps versions, so pinning is tested too), and the store's failure once the
 * server has stopped, which only an engine the test starts and stops can show.
 */
class S3ModelStoreIT extends S3ModelStoreContract {

    private InProcessS3Proxy proxy;

    @Override
    protected URI startS3() throws Exception {
        proxy = InProcessS3Proxy.start();
        return proxy.endpoint();
    }

    @Override
    protected void stopS3() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void open_should_throw_unavailable_quickly_when_s3proxy_has_stopped() throws Exception {
        // GIVEN a second S3Proxy holding the model, then stopped
        ArtifactLocation location;
        S3ModelStore store;
        InProcessS3Proxy doomed = InProcessS3Proxy.start();
        try (S3Client client = LocalS3Clients.pointedAt(doomed.endpoint())) {
            client.createBucket(b -> b.bucket(BUCKET));
            store = new S3ModelStore(client, BUCKET, "models");
            location = store.upload(IRIS, SampleModels.modelFile(IRIS));
            doomed.close();

            // WHEN it is read / THEN the store reports itself unavailable, well within the client's timeouts
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.open(location))
                    .isInstanceOf(ModelStoreUnavailableException.class)
                    .hasMessageContaining(location.uri());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
