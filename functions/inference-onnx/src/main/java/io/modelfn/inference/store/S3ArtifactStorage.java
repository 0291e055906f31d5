package io.modelfn.inference.store;

import io.modelfn.core.admin.ArtifactStorage;
import io.modelfn.core.admin.UploadTicket;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.store.ModelSourceRefusedException;
import io.modelfn.core.store.ModelStoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;

/**
 * The admin side of the model bucket: pre-signed uploads (so a model of any size goes straight to
 * S3, never through the admin function and its 6 MB payload limit) and deletion for clean-up. Works
 * only inside the same bucket and prefix as {@link S3ModelStore}. Thread-safe.
 */
public final class S3ArtifactStorage implements ArtifactStorage {

    static final Duration UPLOAD_VALIDITY = Duration.ofMinutes(15);

    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3ModelStore store;
    private final String bucket;
    private final Clock clock;

    public S3ArtifactStorage(S3Client s3, S3Presigner presigner, S3ModelStore store, String bucket, Clock clock) {
        this.s3 = s3;
        this.presigner = presigner;
        this.store = store;
        this.bucket = bucket;
        this.clock = clock;
    }

    @Override
    public UploadTicket prepareUpload(ModelKey key) {
        ArtifactLocation location = store.locationOf(key);
        var request = PutObjectPresignRequest.builder()
                .signatureDuration(UPLOAD_VALIDITY)
                .putObjectRequest(PutObjectRequest.builder().bucket(bucket).key(objectKey(location)).build())
                .build();
        try {
            var presigned = presigner.presignPutObject(request);
            return new UploadTicket(presigned.url().toString(), "PUT", Map.of(), location.uri(),
                    clock.instant().plus(UPLOAD_VALIDITY));
        } catch (SdkException e) {
            throw new ModelStoreUnavailableException("cannot prepare an upload: " + e.getMessage(), e);
        }
    }

    /**
     * One HeadObject on the key (no version): a 404 is "no object" (also when the current version is a
     * delete marker). The admin role may list the bucket, so a missing key is 404, not 403; any other
     * answer is {@link ModelStoreUnavailableException}.
     */
    @Override
    public boolean exists(ArtifactLocation location) {
        String key = objectKey(location);
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new ModelStoreUnavailableException("cannot check " + location.uri() + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new ModelStoreUnavailableException("cannot check " + location.uri() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(ArtifactLocation location) {
        try {
            s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(objectKey(location)).build());
        } catch (SdkException e) {
            throw new ModelStoreUnavailableException("cannot delete " + location.uri() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ArtifactLocation locationOf(ModelKey key) {
        return store.locationOf(key);
    }

    private String objectKey(ArtifactLocation location) {
        if (!store.accepts(location)) {
            throw new ModelSourceRefusedException("refused " + UntrustedText.excerpt(location.uri()));
        }
        return location.uri().substring(("s3://" + bucket + "/").length());
    }
}
