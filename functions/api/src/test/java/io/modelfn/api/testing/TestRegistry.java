package io.modelfn.api.testing;

import static io.restassured.RestAssured.given;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.testkit.Registries;
import io.modelfn.registry.dynamodb.DynamoDbChangeMarker;
import io.modelfn.registry.dynamodb.RegistryItems;
import io.modelfn.registry.dynamodb.WriteStamp;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Changes the registry under the running application (versions and endpoints only tests use) and
 * waits until its snapshot shows them. Each test registers models under names of its own, so no
 * other test loads them first.
 */
public final class TestRegistry {

    /** A digest no artifact has. */
    public static final String WRONG_SHA256 = "0".repeat(64);

    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(15);
    private static final String WRITER = "api-tests";

    private TestRegistry() {
    }

    /**
     * A sample model's version under another name: same artifact, digest and signature as
     * {@code sampleKey} (e.g. {@code digits/1.0.0}), so it loads and answers like the sample.
     */
    public static ModelVersion copyOf(String sampleKey, String asKey) {
        ModelVersion sample = Registries.sample(sampleKey);
        return new ModelVersion(ModelKey.parse(asKey), sample.artifact(), sample.sha256(), sample.sizeBytes(),
                sample.signature(), LifecycleState.VALIDATED, sample.task(), sample.labels(), sample.features(),
                Instant.now());
    }

    public static ModelVersion withSha256(ModelVersion version, String sha256) {
        return new ModelVersion(version.key(), version.artifact(), sha256, version.sizeBytes(), version.signature(),
                version.state(), version.task(), version.labels(), version.features(), version.createdAt());
    }

    public static ModelVersion withArtifact(ModelVersion version, String uri) {
        return new ModelVersion(version.key(), ArtifactLocation.of(uri), version.sha256(), version.sizeBytes(),
                version.signature(), version.state(), version.task(), version.labels(), version.features(),
                version.createdAt());
    }

    /** Writes (or overwrites) the version item and waits until a pinned request can resolve it. */
    public static void register(ModelVersion version) {
        put(RegistryItems.versionItem(version, WriteStamp.first(WRITER, Instant.now())));
        ModelKey key = version.key();
        awaitStatus("/v2/models/" + key.name() + "/versions/" + key.version(), 200);
    }

    /** Writes the version, then an endpoint of the version's model name that sends it all the traffic. */
    public static void registerWithEndpoint(ModelVersion version) {
        register(version);
        ModelKey key = version.key();
        EndpointConfig endpoint = new EndpointConfig(key.name(),
                List.of(new Variant(Variant.STABLE, key, Variant.TOTAL_WEIGHT)), null, null, null, 1, Instant.now());
        put(RegistryItems.endpointItem(endpoint, WRITER));
        awaitStatus("/v2/models/" + key.name(), 200);
    }

    private static void awaitStatus(String path, int status) {
        Eventually.await(path + " to answer " + status + " (registry snapshot refreshed)", SNAPSHOT_TIMEOUT,
                () -> given().get(path).statusCode() == status);
    }

    /** Writes the item and moves the change marker, as a registry change does, so the snapshot re-reads. */
    private static void put(Map<String, AttributeValue> item) {
        client().putItem(b -> b.tableName(RegistryTestResource.TABLE).item(item));
        DynamoDbChangeMarker.markChanged(client(), RegistryTestResource.TABLE, Instant.now());
    }

    private static DynamoDbClient client() {
        DynamoDbClient shared = RegistryTestResource.client();
        if (shared != null) {
            return shared;
        }
        // The test resource may live in another class loader; reach the same DynamoDB Local through config.
        return Holder.OWN;
    }

    private static final class Holder {
        static final DynamoDbClient OWN = DynamoDbClient.builder()
                .endpointOverride(URI.create(ConfigProvider.getConfig().getValue("modelfn.aws.dynamodb-endpoint", String.class)))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
