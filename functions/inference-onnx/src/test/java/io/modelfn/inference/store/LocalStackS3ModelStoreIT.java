package io.modelfn.inference.store;

import io.modelfn.core.testkit.localstack.LocalStack;
import io.modelfn.core.testkit.localstack.OnLocalStack;
import java.net.URI;

/**
 * The S3 store's contract ({@link S3ModelStoreContract}) on LocalStack's S3, versioned bucket
 * included. LocalStack accepts any credentials, so the clients of {@link LocalS3Clients} reach it as
 * they reach S3Proxy. Skipped, with the reason, where no Docker daemon is reachable.
 */
@OnLocalStack
class LocalStackS3ModelStoreIT extends S3ModelStoreContract {

    @Override
    protected URI startS3() {
        return LocalStack.endpoint();
    }

    @Override
    protected void stopS3() {
        // The container is the JVM's; Testcontainers stops it when the JVM ends.
    }
}
