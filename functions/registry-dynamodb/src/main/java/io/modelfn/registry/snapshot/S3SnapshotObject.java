package io.modelfn.registry.snapshot;

import io.modelfn.core.registry.RegistryUnavailableException;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The registry's snapshot object in the model bucket: a read that returns its ETag, and a write
 * conditional on that ETag ({@code If-Match}), or on there being no object yet ({@code If-None-Match: *}),
 * so two writers cannot both replace what they read.
 *
 * <p>Thread-safe: the S3 client is.
 */
public final class S3SnapshotObject {

    /** What the bucket holds: the document (null when it cannot be parsed) and its ETag. */
    public record Stored(SnapshotDocument document, String eTag, String problem) {
    }

    private final S3Client s3;
    private final String bucket;
    private final String key;

    public S3SnapshotObject(S3Client s3, String bucket, String key) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        if (bucket == null || bucket.isBlank() || key == null || key.isBlank()) {
            throw new IllegalArgumentException("the registry snapshot object needs a bucket and a key");
        }
        this.bucket = bucket;
        this.key = key;
    }

    /**
     * @return empty when there is no object yet
     * @throws RegistryUnavailableException when the bucket cannot be read now
     */
    public Optional<Stored> read() {
        ResponseBytes<GetObjectResponse> bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new RegistryUnavailableException("the registry snapshot object " + where() + " cannot be read: "
                    + e.getMessage(), e);
        }
        String eTag = bytes.response().eTag();
        try {
            return Optional.of(new Stored(SnapshotDocument.parse(bytes.asByteArray()), eTag, null));
        } catch (IllegalArgumentException e) {
            return Optional.of(new Stored(null, eTag, e.getMessage()));
        }
    }

    /**
     * Writes the document unless the object changed since it was read.
     *
     * @param expectedETag the ETag read, or null when there was no object
     * @return false when another writer got there first (the precondition failed); nothing was written
     * @throws RegistryUnavailableException when the bucket cannot be written now
     */
    public boolean write(SnapshotDocument document, String expectedETag) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key)
                .contentType("application/json");
        if (expectedETag == null) {
            request.ifNoneMatch("*");
        } else {
            request.ifMatch(expectedETag);
        }
        try {
            s3.putObject(request.build(), RequestBody.fromBytes(document.toJson()));
            return true;
        } catch (S3Exception e) {
            // 412: the precondition failed; 409: a concurrent conditional write to the same key won.
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw new RegistryUnavailableException("the registry snapshot object " + where() + " cannot be written: "
                    + e.getMessage(), e);
        } catch (SdkException e) {
            throw new RegistryUnavailableException("the registry snapshot object " + where() + " cannot be written: "
                    + e.getMessage(), e);
        }
    }

    public String where() {
        return "s3://" + bucket + "/" + key;
    }
}
