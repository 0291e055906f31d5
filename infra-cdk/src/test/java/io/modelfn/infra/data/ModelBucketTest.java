package io.modelfn.infra.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.infra.support.TestStacks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

class ModelBucketTest {

    @Test
    void bucket_should_beVersionedKmsEncryptedPrivateAndLogged_when_kmsIsChosen() {
        // GIVEN a model bucket with KMS encryption outside dev
        Stack stack = TestStacks.newStack();
        new ModelBucket(stack, "Models", new ModelBucket.Props("models/", true, true));

        // WHEN synthesised
        Template template = Template.fromStack(stack);

        // THEN the model bucket is versioned, KMS-encrypted with a bucket key, private, and logs to the log bucket
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Match.objectLike(Map.of(
                        "BucketKeyEnabled", true,
                        "ServerSideEncryptionByDefault", Match.objectLike(Map.of("SSEAlgorithm", "aws:kms")))))),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", "model-bucket/")))));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        // and both buckets are kept when the stack goes
        template.allResources("AWS::S3::Bucket", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
        template.resourceCountIs("AWS::S3::Bucket", 2);
    }

    @Test
    void bucket_should_refuseRequestsWithoutTls_when_synthesised() {
        Stack stack = TestStacks.newStack();
        new ModelBucket(stack, "Models", new ModelBucket.Props("models/", true, true));

        Template template = Template.fromStack(stack);

        // THEN each bucket's policy denies any request that is not over TLS
        template.resourceCountIs("AWS::S3::BucketPolicy", 2);
        template.allResourcesProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "s3:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }

    @Test
    void bucket_should_useS3ManagedEncryptionAndBeDeletable_when_devAndS3Managed() {
        Stack stack = TestStacks.newStack();
        new ModelBucket(stack, "Models", new ModelBucket.Props("models/", false, false));

        Template template = Template.fromStack(stack);

        template.resourceCountIs("AWS::KMS::Key", 0);
        template.allResourcesProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))))));
        template.allResources("AWS::S3::Bucket", Match.objectLike(Map.of("DeletionPolicy", "Delete")));
    }

    @Test
    void grantModelRead_should_allowOnlyGetObjectOnThePrefixAndDecrypt_when_granted() {
        // GIVEN a role granted model reads
        Stack stack = TestStacks.newStack();
        ModelBucket models = new ModelBucket(stack, "Models", new ModelBucket.Props("models/", true, true));
        Role reader = Role.Builder.create(stack, "Reader").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        models.grantModelRead(reader);

        // WHEN synthesised
        JsonNode template = TemplateJson.of(Template.fromStack(stack));
        List<TemplateJson.Statement> statements = TemplateJson.identityStatements("Test", template);

        // THEN one statement gets objects under models/ only, one decrypts with the bucket's key, nothing else
        assertThat(statements).hasSize(2);
        TemplateJson.Statement objects = statements.get(0);
        assertThat(objects.actions()).containsExactly("s3:GetObject", "s3:GetObjectVersion");
        assertThat(objects.resources()).hasSize(1);
        assertThat(objects.resources().get(0).toString()).endsWith("\"/models/*\"]]}");
        TemplateJson.Statement key = statements.get(1);
        assertThat(key.actions()).containsExactly("kms:Decrypt");
        assertThat(key.resources().get(0).toString()).contains("ModelsKey");
    }

    @Test
    void grantModelReadWrite_should_addPutAndDeleteOnThePrefixAndListingTheBucket_when_granted() {
        Stack stack = TestStacks.newStack();
        ModelBucket models = new ModelBucket(stack, "Models", new ModelBucket.Props("models/", false, true));
        Role writer = Role.Builder.create(stack, "Writer").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        models.grantModelReadWrite(writer);

        List<TemplateJson.Statement> statements = TemplateJson.identityStatements("Test",
                TemplateJson.of(Template.fromStack(stack)));

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).actions())
                .containsExactly("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject");
        assertThat(statements.get(0).resources()).singleElement()
                .satisfies(r -> assertThat(r.toString()).endsWith("\"/models/*\"]]}"));
        // listing, so that a HeadObject on a free key answers 404 (keys are checked free before an upload)
        assertThat(statements.get(1).actions()).containsExactly("s3:ListBucket");
        assertThat(statements.get(1).resources()).singleElement()
                .satisfies(r -> assertThat(r.toString()).contains("ModelsBucket").contains("Arn").doesNotContain("/models"));
    }

    @Test
    void grantRegistrySnapshotRead_should_allowGetObjectOnTheSnapshotKeyOnly_when_granted() {
        // GIVEN a role granted reads of the registry's snapshot object
        Stack stack = TestStacks.newStack();
        ModelBucket models = new ModelBucket(stack, "Models", new ModelBucket.Props("models/", true, true));
        Role reader = Role.Builder.create(stack, "Reader").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        models.grantRegistrySnapshotRead(reader);

        // WHEN synthesised
        List<TemplateJson.Statement> statements = TemplateJson.identityStatements("Test",
                TemplateJson.of(Template.fromStack(stack)));

        // THEN it may get that one object and decrypt it, nothing else
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).actions()).containsExactly("s3:GetObject");
        assertThat(statements.get(0).resources()).singleElement()
                .satisfies(r -> assertThat(r.toString()).endsWith("\"/registry/snapshot.json\"]]}"));
        assertThat(statements.get(1).actions()).containsExactly("kms:Decrypt");
    }

    @Test
    void grantRegistrySnapshotWrite_should_allowGetPutOnTheKeyAndListingOnlyThatKey_when_granted() {
        // GIVEN a role granted writes of the registry's snapshot object (S3-managed keys)
        Stack stack = TestStacks.newStack();
        ModelBucket models = new ModelBucket(stack, "Models", new ModelBucket.Props("models/", false, true));
        Role writer = Role.Builder.create(stack, "Writer").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        models.grantRegistrySnapshotWrite(writer);

        // WHEN synthesised
        JsonNode template = TemplateJson.of(Template.fromStack(stack));
        List<TemplateJson.Statement> statements = TemplateJson.identityStatements("Test", template);

        // THEN get and put on that one key, and a listing limited to that key as prefix (404, not 403, when missing)
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).actions()).containsExactly("s3:GetObject", "s3:PutObject");
        assertThat(statements.get(0).resources()).singleElement()
                .satisfies(r -> assertThat(r.toString()).endsWith("\"/registry/snapshot.json\"]]}"));
        assertThat(statements.get(1).actions()).containsExactly("s3:ListBucket");
        assertThat(template.toString()).contains("\"Condition\":{\"StringEquals\":{\"s3:prefix\":\"registry/snapshot.json\"}}");
    }
}
