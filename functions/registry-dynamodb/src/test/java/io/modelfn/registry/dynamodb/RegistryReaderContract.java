package io.modelfn.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistryUnavailableException;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.testkit.Registries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * What {@link DynamoDbRegistryReader} reads from a registry table, run against each DynamoDB engine:
 * DynamoDB Local in process ({@code DynamoDbRegistryReaderIT}) and LocalStack
 * ({@code LocalStackRegistryReaderIT}).
 */
abstract class RegistryReaderContract {

    private static final WriteStamp STAMP = WriteStamp.first("test", Instant.parse("2026-03-01T12:00:00Z"));

    /** The engine's client and this test's table name. */
    protected abstract RegistryTables tables();

    private void put(Map<String, AttributeValue> item) {
        tables().client().putItem(b -> b.tableName(tables().tableName()).item(item));
    }

    @Test
    void read_should_follow_every_page_when_the_versions_exceed_one_megabyte() {
        // GIVEN 250 versions of one model, each with about 10 KB of feature statistics
        tables().createRegistryTable();
        List<ModelCard.FeatureStats> features = bigFeatures();
        ModelVersion template = Registries.sample("iris/1.1.0");
        for (int patch = 0; patch < 250; patch++) {
            ModelVersion version = new ModelVersion(new ModelKey("big-model", "1.0." + patch), template.artifact(),
                    template.sha256(), template.sizeBytes(), template.signature(), LifecycleState.VALIDATED,
                    template.task(), template.labels(), features, template.createdAt());
            put(RegistryItems.versionItem(version, STAMP));
        }
        QueryResponse onePage = tables().client().query(b -> b.tableName(tables().tableName())
                .indexName(RegistryTableSchema.KIND_INDEX)
                .keyConditionExpression("#k = :k")
                .expressionAttributeNames(Map.of("#k", "kind"))
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS("VERSION"))));
        assertThat(onePage.hasLastEvaluatedKey()).as("one query page cannot hold them all").isTrue();
        assertThat(onePage.count()).isLessThan(250);

        // WHEN the registry is read
        RegistrySnapshot snapshot = new DynamoDbRegistryReader(tables().client(), tables().tableName()).read();

        // THEN every version is in the snapshot, features intact
        assertThat(snapshot.versions()).hasSize(250);
        assertThat(snapshot.version(new ModelKey("big-model", "1.0.249")).orElseThrow().features())
                .usingRecursiveFieldByFieldElementComparator().isEqualTo(features);
    }

    @Test
    void read_should_round_trip_an_endpoint_with_shadow_and_several_variants() {
        // GIVEN an endpoint splitting traffic three ways with a shadow, and a plain one
        tables().createRegistryTable();
        EndpointConfig abc = new EndpointConfig("iris",
                List.of(new Variant("stable", ModelKey.parse("iris/1.0.0"), 5000),
                        new Variant("canary", ModelKey.parse("iris/1.1.0"), 3000),
                        new Variant("c", ModelKey.parse("iris/1.2.0"), 2000)),
                new ShadowConfig(ModelKey.parse("iris/2.0.0-rc.1"), 2500), "salt-7", "lambda", 12,
                Instant.parse("2026-03-01T12:34:56.789Z"));
        EndpointConfig plain = Registries.endpoint("digits", Registries.variant("stable", "digits/1.0.0", 10000));
        put(RegistryItems.endpointItem(abc, "alice"));
        put(RegistryItems.endpointItem(plain, "seed"));

        // WHEN the registry is read
        RegistrySnapshot snapshot = new DynamoDbRegistryReader(tables().client(), tables().tableName()).read();

        // THEN both endpoints come back as written
        assertThat(snapshot.endpoints()).containsOnlyKeys("iris", "digits");
        assertThat(snapshot.endpoint("iris")).contains(abc);
        assertThat(snapshot.endpoint("digits")).contains(plain);
    }

    @Test
    void read_should_keep_servable_and_referenced_versions_and_leave_out_the_rest() {
        // GIVEN an archived version an endpoint still names, an archived one nobody names, and a failed one
        tables().createRegistryTable();
        put(RegistryItems.versionItem(Registries.sample("iris/1.0.0").withState(LifecycleState.ARCHIVED), STAMP));
        put(RegistryItems.versionItem(Registries.sample("iris/1.1.0").withState(LifecycleState.PRODUCTION), STAMP));
        put(RegistryItems.versionItem(Registries.sample("digits/1.0.0").withState(LifecycleState.ARCHIVED), STAMP));
        put(RegistryItems.versionItem(Registries.sample("diabetes/1.0.0").withState(LifecycleState.FAILED), STAMP));
        put(RegistryItems.endpointItem(Registries.endpoint("iris",
                Registries.variant("stable", "iris/1.1.0", 9000), Registries.variant("old", "iris/1.0.0", 1000)), "t"));

        // WHEN the registry is read
        RegistrySnapshot snapshot = new DynamoDbRegistryReader(tables().client(), tables().tableName()).read();

        // THEN the snapshot holds what may be served and what an endpoint names, nothing else
        assertThat(snapshot.versions()).containsOnlyKeys(ModelKey.parse("iris/1.0.0"), ModelKey.parse("iris/1.1.0"));
    }

    @Test
    void read_should_skip_an_item_it_cannot_map_and_keep_the_rest() {
        // GIVEN a good version, a version item without a digest, and an alias
        tables().createRegistryTable();
        put(RegistryItems.versionItem(Registries.sample("iris/1.1.0"), STAMP));
        Map<String, AttributeValue> broken = new HashMap<>(RegistryItems.versionItem(Registries.sample("iris/1.0.0"), STAMP));
        broken.remove("sha256");
        put(broken);
        put(RegistryItems.aliasItem(new ModelAlias("iris", "production", "1.1.0", "1.0.0"), STAMP));
        DynamoDbRegistryReader reader = new DynamoDbRegistryReader(tables().client(), tables().tableName());

        // WHEN the registry is read, twice (the second read must not fail either)
        reader.read();
        RegistrySnapshot snapshot = reader.read();

        // THEN the broken item is left out and everything else is there
        assertThat(snapshot.versions()).containsOnlyKeys(ModelKey.parse("iris/1.1.0"));
        assertThat(snapshot.alias("iris", "production")).contains("1.1.0");
    }

    @Test
    void read_should_throw_registry_unavailable_when_the_table_does_not_exist() {
        // GIVEN a reader on a table nobody created
        DynamoDbRegistryReader reader = new DynamoDbRegistryReader(tables().client(), tables().tableName());

        // WHEN it reads / THEN the failure is typed and says which table and why
        assertThatThrownBy(reader::read)
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining(tables().tableName())
                .hasMessageContaining("ResourceNotFoundException")
                .hasCauseInstanceOf(ResourceNotFoundException.class);
    }

    private static List<ModelCard.FeatureStats> bigFeatures() {
        List<ModelCard.FeatureStats> features = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            double[] edges = new double[40];
            double[] proportions = new double[41];
            for (int i = 0; i < edges.length; i++) {
                edges[i] = f + i * 0.0123456789012345;
            }
            for (int i = 0; i < proportions.length; i++) {
                proportions[i] = 1.0 / 41 + i * 1e-9;
            }
            features.add(new ModelCard.FeatureStats("feature_" + f, f * 1.1, 0.5, edges, proportions));
        }
        return features;
    }
}
