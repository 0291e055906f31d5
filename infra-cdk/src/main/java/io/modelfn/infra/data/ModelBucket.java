package io.modelfn.infra.data;

import io.modelfn.core.registry.SnapshotObjectKey;
import io.modelfn.infra.nag.NagReasons;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The model bucket: where ONNX artifacts live under one key prefix. Versioned (the registry
 * records each artifact's S3 version id, so noncurrent versions are kept, never expired),
 * encrypted (a customer-managed KMS key with rotation, or SSE-S3), TLS-only, with every public
 * access blocked and server access logs written to a log bucket of its own.
 *
 * <p>Grants are by prefix: readers get {@code s3:GetObject}/{@code GetObjectVersion} on
 * {@code <bucket>/<prefix>*} and nothing else (no listing, no other keys).
 */
public final class ModelBucket extends Construct {

    /** What may vary. */
    public record Props(String prefix, boolean kmsEncryption, boolean retain) {
    }

    private final Bucket bucket;
    private final Bucket accessLogs;
    private final Key key;
    private final String prefix;

    public ModelBucket(Construct scope, String id, Props props) {
        super(scope, id);
        this.prefix = props.prefix();
        RemovalPolicy removal = props.retain() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        // S3 server access logs can only be delivered to an SSE-S3 bucket.
        this.accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(365))
                        .noncurrentVersionExpiration(Duration.days(30))
                        .build()))
                .removalPolicy(removal)
                .build();
        NagReasons.suppress(accessLogs, "AwsSolutions-S1",
                "This is the access-log bucket of the model bucket; logging its own access would write logs about logs without end.");

        this.key = props.kmsEncryption()
                ? Key.Builder.create(this, "Key")
                        .description("Encrypts the modelfn model bucket")
                        .enableKeyRotation(true)
                        .removalPolicy(removal)
                        .build()
                : null;

        Bucket.Builder builder = Bucket.Builder.create(this, "Bucket")
                .versioned(true)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("model-bucket/")
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("abort-incomplete-uploads")
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
                .removalPolicy(removal);
        if (key != null) {
            builder.encryption(BucketEncryption.KMS).encryptionKey(key).bucketKeyEnabled(true);
        } else {
            builder.encryption(BucketEncryption.S3_MANAGED);
        }
        this.bucket = builder.build();
    }

    public IBucket bucket() {
        return bucket;
    }

    public IBucket accessLogBucket() {
        return accessLogs;
    }

    public Optional<IKey> key() {
        return Optional.ofNullable(key);
    }

    /** The key prefix models live under, e.g. {@code models/}. */
    public String prefix() {
        return prefix;
    }

    /** {@code arn:...:<bucket>/<prefix>*}: the only objects any function may touch. */
    public String modelObjectsArn() {
        return bucket.arnForObjects(prefix + "*");
    }

    /** Read models: {@code s3:GetObject}/{@code GetObjectVersion} on the prefix, {@code kms:Decrypt} on the key. */
    public void grantModelRead(IGrantable grantee) {
        addToPrincipal(grantee, List.of("s3:GetObject", "s3:GetObjectVersion"), List.of(modelObjectsArn()));
        if (key != null) {
            addToPrincipal(grantee, List.of("kms:Decrypt"), List.of(key.getKeyArn()));
        }
    }

    /**
     * Read and write models (the admin function: uploads through pre-signed PUTs signed with its
     * role, clean-up of rejected uploads): get, put and delete on the prefix, and the key's
     * encrypt/decrypt. Also {@code s3:ListBucket} on the bucket, without a condition: artifact keys
     * are immutable, so an upload is prepared only after a HeadObject finds its key free, and S3
     * answers a missing key with 404 only to a role that may list the bucket (403 otherwise, which
     * cannot be told from a refusal). A condition on {@code s3:prefix} would not do: a HeadObject
     * carries no prefix, so the condition would never match.
     */
    public void grantModelReadWrite(IGrantable grantee) {
        addToPrincipal(grantee, List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"),
                List.of(modelObjectsArn()));
        addToPrincipal(grantee, List.of("s3:ListBucket"), List.of(bucket.getBucketArn()));
        if (key != null) {
            addToPrincipal(grantee, List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"), List.of(key.getKeyArn()));
        }
    }

    /** {@code arn:...:<bucket>/registry/snapshot.json}: the registry's last-known-good copy, and only it. */
    public String registrySnapshotArn() {
        return bucket.arnForObjects(SnapshotObjectKey.DEFAULT);
    }

    /**
     * Read the registry's snapshot object (the prediction function, when it starts while the registry
     * table is unavailable): {@code s3:GetObject} on that one key, {@code kms:Decrypt} on the key.
     */
    public void grantRegistrySnapshotRead(IGrantable grantee) {
        addToPrincipal(grantee, List.of("s3:GetObject"), List.of(registrySnapshotArn()));
        if (key != null) {
            addToPrincipal(grantee, List.of("kms:Decrypt"), List.of(key.getKeyArn()));
        }
    }

    /**
     * Write the registry's snapshot object (the admin and rollout functions, after each registry change):
     * get and put on that one key, and {@code s3:ListBucket} limited to that key as prefix, so a first
     * read of a missing object answers 404 (S3 answers 403 without it) and the first write can happen.
     */
    public void grantRegistrySnapshotWrite(IGrantable grantee) {
        addToPrincipal(grantee, List.of("s3:GetObject", "s3:PutObject"), List.of(registrySnapshotArn()));
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(Map.of("StringEquals", Map.of("s3:prefix", SnapshotObjectKey.DEFAULT)))
                .build());
        if (key != null) {
            addToPrincipal(grantee, List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"), List.of(key.getKeyArn()));
        }
    }

    private void addToPrincipal(IGrantable grantee, List<String> actions, List<String> resources) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(actions)
                .resourceArns(resources)
                .build());
        if (grantee instanceof IConstruct construct) {
            NagReasons.suppress(construct, "AwsSolutions-IAM5",
                    "Model objects are granted by key prefix (<bucket>/" + prefix + "*), not the whole bucket: "
                            + "model versions are written at run time under that prefix, and only there.",
                    List.of(NagReasons.objectPrefixFinding(prefix)));
        }
    }
}
