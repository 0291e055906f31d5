package io.modelfn.inference.store;

import io.modelfn.aws.lean.LeanS3Client;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.store.ArtifactNotFoundException;
import io.modelfn.core.store.ModelSourceRefusedException;
import io.modelfn.core.store.ModelStore;
import io.modelfn.core.store.ModelStoreUnavailableException;
import io.modelfn.core.store.OpenedArtifact;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A {@link ModelStore} on one S3 bucket and key prefix: {@code s3://<bucket>/<prefix><name>/<version>/model.onnx},
 * the same layout as {@code models/}. The client is injected (the application builds it with the
 * url-connection HTTP client; tests point one at S3Proxy or moto).
 *
 * <p>What is read: only {@code s3://<bucket>/<key>} with exactly the configured bucket, a key that
 * starts with the configured prefix and is made of safe segments (letters, digits and {@code . _ - + =},
 * not starting with a dot, none empty, so no {@code ..}), and a version id, when given, without control
 * characters. Everything else (other buckets, {@code http(s)://}, {@code file:}, {@code local:}) is
 * refused with {@link ModelSourceRefusedException} before any S3 call, so a tampered registry item
 * cannot make the service fetch an arbitrary URL or object (M8). The message names what is allowed
 * and echoes at most 200 characters of the refused location.
 *
 * <p>Errors of {@link #open}: no such key or version ({@code NoSuchKey}, {@code NoSuchVersion}, any
 * other 404, a malformed version id) is {@link ArtifactNotFoundException}; everything else the SDK
 * throws (throttling, 5xx, 403, timeouts, a refused connection, a missing bucket) is
 * {@link ModelStoreUnavailableException}. A role with {@code s3:GetObject} but not
 * {@code s3:ListBucket} gets 403, not 404, for a missing key: that reads as unavailable.
 *
 * <p>Thread-safe: immutable, and {@link S3Client} is thread-safe.
 */
public final class S3ModelStore implements ModelStore {

    private static final String SCHEME_PREFIX = "s3://";
    private static final int MAX_KEY_LENGTH = 1024;
    private static final int MAX_VERSION_ID_LENGTH = 1024;
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Set<String> NOT_FOUND_CODES = Set.of("NoSuchKey", "NoSuchVersion");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /**
     * @param prefix the key prefix models live under, e.g. {@code models} or {@code models/}; it is
     *     normalised to end with {@code /}; empty means the whole bucket
     * @throws IllegalArgumentException when the bucket is not a valid S3 bucket name or the prefix is
     *     not made of safe segments (or starts with {@code /})
     */
    public S3ModelStore(S3Client s3, String bucket, String prefix) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not a valid S3 bucket name: " + UntrustedText.excerpt(bucket));
        }
        this.bucket = bucket;
        this.prefix = normalisePrefix(prefix);
    }

    private static String normalisePrefix(String prefix) {
        if (prefix.isEmpty()) {
            return "";
        }
        String bare = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (!ArtifactPaths.isSafeRelativePath(bare)) {
            throw new IllegalArgumentException("the model prefix must be safe path segments without a leading '/', got: "
                    + UntrustedText.excerpt(prefix));
        }
        return bare + "/";
    }

    /**
     * {@code s3://<bucket>/<prefix><name>/<version>/model.onnx}, without a version id.
     *
     * @throws IllegalArgumentException when the name or version is not a safe path segment
     */
    public ArtifactLocation locationOf(ModelKey key) {
        return ArtifactLocation.of(SCHEME_PREFIX + bucket + "/" + objectKey(key));
    }

    /**
     * Puts a model file at {@link #locationOf(ModelKey)} (with a SHA-256 checksum S3 verifies) and
     * returns its location, pinned to the object version S3 created: the version id is null when the
     * bucket is not versioned.
     *
     * @throws IllegalArgumentException when {@code file} is not a regular file
     * @throws ModelStoreUnavailableException when S3 refuses or cannot be reached
     */
    public ArtifactLocation upload(ModelKey key, Path file) {
        ArtifactLocation location = locationOf(key);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a file: " + file);
        }
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(objectKey(key))
                .contentType("application/octet-stream")
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .build();
        try {
            PutObjectResponse response = s3.putObject(request, RequestBody.fromFile(file));
            String versionId = response.versionId();
            return new ArtifactLocation(location.uri(), versionId == null || versionId.isBlank() ? null : versionId);
        } catch (SdkException e) {
            throw new ModelStoreUnavailableException("cannot upload " + key + " to " + location.uri() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether the location is in this bucket under this prefix, with a safe key (see the class comment). */
    @Override
    public boolean accepts(ArtifactLocation location) {
        return objectKey(location) != null;
    }

    /**
     * Issues one GetObject (pinned to the location's version id when it has one) and returns the
     * response stream; the caller closes it. A failure while reading the stream surfaces as an
     * {@link java.io.IOException} from the stream.
     */
    @Override
    public InputStream open(ArtifactLocation location) {
        return fetch(location).stream();
    }

    /**
     * {@link #open}, and the object version S3 answered ({@code x-amz-version-id}): in a versioned
     * bucket always present (the pinned one, or the current one when the location names none); absent,
     * so null, in a bucket that was never versioned.
     */
    @Override
    public OpenedArtifact openWithVersion(ArtifactLocation location) {
        OpenedArtifact opened = fetch(location);
        String versionId = opened.versionId();
        return new OpenedArtifact(opened.stream(), versionId == null || versionId.isBlank() ? null : versionId);
    }

    /** One GetObject; with a lean client, without the SDK's GetObject classes (a cold start's download). */
    private OpenedArtifact fetch(ArtifactLocation location) {
        String key = objectKey(location);
        if (key == null) {
            throw new ModelSourceRefusedException("refused model location '" + UntrustedText.excerpt(location.uri())
                    + "': only s3://" + bucket + "/" + prefix + "<name>/<version>/<file> (safe segments) is read");
        }
        try {
            if (s3 instanceof LeanS3Client lean) {
                LeanS3Client.Opened opened = lean.open(bucket, key, location.versionId());
                return new OpenedArtifact(opened.stream(), opened.versionId());
            }
            GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
            if (location.versionId() != null) {
                request.versionId(location.versionId());
            }
            ResponseInputStream<GetObjectResponse> stream = s3.getObject(request.build());
            return new OpenedArtifact(stream, stream.response().versionId());
        } catch (AwsServiceException e) {
            if (isNotFound(e, location.versionId() != null)) {
                throw new ArtifactNotFoundException("no object at " + location + " (" + errorCode(e) + ")");
            }
            throw unavailable(location, e);
        } catch (SdkException e) {
            throw unavailable(location, e);
        }
    }

    @Override
    public String describe() {
        return SCHEME_PREFIX + bucket + "/" + prefix;
    }

    private String objectKey(ModelKey key) {
        return prefix + ArtifactPaths.modelFile(key);
    }

    private String objectKey(ArtifactLocation location) {
        String uri = location.uri();
        String bucketPart = SCHEME_PREFIX + bucket + "/";
        if (!uri.startsWith(bucketPart) || uri.length() - bucketPart.length() > MAX_KEY_LENGTH) {
            return null;
        }
        String key = uri.substring(bucketPart.length());
        if (!key.startsWith(prefix) || !ArtifactPaths.isSafeRelativePath(key) || !isSafeVersionId(location.versionId())) {
            return null;
        }
        return key;
    }

    private static boolean isSafeVersionId(String versionId) {
        if (versionId == null) {
            return true;
        }
        if (versionId.isBlank() || versionId.length() > MAX_VERSION_ID_LENGTH) {
            return false;
        }
        return versionId.chars().noneMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c));
    }

    private static boolean isNotFound(AwsServiceException e, boolean pinned) {
        String code = errorCode(e);
        if ("NoSuchBucket".equals(code)) {
            return false; // the store is misconfigured or gone, not the artifact
        }
        if (e.statusCode() == 404 || NOT_FOUND_CODES.contains(code)) {
            return true;
        }
        // S3 answers a malformed version id with 400 InvalidArgument: that version does not exist.
        return pinned && e.statusCode() == 400 && "InvalidArgument".equals(code);
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "HTTP " + e.statusCode()
                : e.awsErrorDetails().errorCode();
    }

    private ModelStoreUnavailableException unavailable(ArtifactLocation location, SdkException e) {
        String code = e instanceof AwsServiceException service ? " (" + errorCode(service) + ")" : "";
        return new ModelStoreUnavailableException("cannot read " + location + " from " + describe() + code + ": "
                + e.getMessage(), e);
    }
}
