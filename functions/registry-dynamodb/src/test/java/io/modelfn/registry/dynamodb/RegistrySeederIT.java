package io.modelfn.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.InvalidModelCardException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.Registries;
import io.modelfn.core.testkit.SampleModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RegistrySeederIT {

    @RegisterExtension
    static final DynamoDbLocalFixture dynamo = new DynamoDbLocalFixture();

    private static final Function<ModelKey, ArtifactLocation> LOCAL =
            key -> ArtifactLocation.of("local:" + key.name() + "/" + key.version() + "/model.onnx");

    private final MutableClock clock = MutableClock.atEpoch();

    private RegistrySeeder seeder() {
        return new RegistrySeeder(dynamo.client(), dynamo.tableName(), clock);
    }

    private RegistrySnapshot read() {
        return new DynamoDbRegistryReader(dynamo.client(), dynamo.tableName()).read();
    }

    /** Highest sample version of each model, by semantic-version precedence. */
    private static Map<String, ModelKey> highestSampleVersions() {
        return SampleModels.versions().stream().collect(Collectors.toMap(ModelKey::name, Function.identity(),
                (a, b) -> SemanticVersion.parse(a.version()).compareTo(SemanticVersion.parse(b.version())) >= 0 ? a : b,
                TreeMap::new));
    }

    @Test
    void seed_should_register_every_sample_version_with_the_signature_of_its_card() {
        // GIVEN an empty registry
        dynamo.createRegistryTable();

        // WHEN the sample models are seeded and the registry read
        seeder().seed(SampleModels.root(), LOCAL);
        RegistrySnapshot snapshot = read();

        // THEN every sample version is there, as its card describes it, at the given location
        assertThat(snapshot.versions()).containsOnlyKeys(SampleModels.versions());
        Map<String, ModelKey> highest = highestSampleVersions();
        for (ModelKey key : SampleModels.versions()) {
            ModelVersion version = snapshot.version(key).orElseThrow();
            ModelVersion expected = Registries.sample(key.toString());
            assertThat(version.signature()).as(key.toString()).isEqualTo(SampleModels.card(key).signature());
            assertThat(version).usingRecursiveComparison().ignoringFields("state", "createdAt").isEqualTo(expected);
            assertThat(version.state()).as(key.toString())
                    .isEqualTo(highest.get(key.name()).equals(key) ? LifecycleState.PRODUCTION : LifecycleState.VALIDATED);
            assertThat(version.createdAt()).isEqualTo(clock.instant());
        }
    }

    @Test
    void seed_should_give_each_model_an_endpoint_and_production_alias_on_its_highest_version() {
        // GIVEN an empty registry
        dynamo.createRegistryTable();

        // WHEN the sample models are seeded and the registry read
        seeder().seed(SampleModels.root(), LOCAL);
        RegistrySnapshot snapshot = read();

        // THEN each model has an endpoint of its name sending all traffic to its highest version
        Map<String, ModelKey> highest = highestSampleVersions();
        assertThat(snapshot.endpoints()).containsOnlyKeys(highest.keySet());
        highest.forEach((name, key) -> {
            EndpointConfig endpoint = snapshot.endpoint(name).orElseThrow();
            assertThat(endpoint.variants()).containsExactly(new Variant(Variant.STABLE, key, Variant.TOTAL_WEIGHT));
            assertThat(endpoint.problems()).isEmpty();
            assertThat(endpoint.shadowConfig()).isEmpty();
            assertThat(endpoint.backend()).isEqualTo("lambda");
            assertThat(endpoint.revision()).isEqualTo(1);
            assertThat(snapshot.alias(name, "production")).contains(key.version());
        });
        assertThat(highest.get("iris")).isEqualTo(ModelKey.parse("iris/1.1.0"));
    }

    @Test
    void seed_should_store_each_card_as_written_beside_its_version() throws IOException {
        // GIVEN an empty registry
        dynamo.createRegistryTable();

        // WHEN the sample models are seeded
        seeder().seed(SampleModels.root(), LOCAL);

        // THEN each card item holds its model.json byte for byte
        for (ModelKey key : SampleModels.versions()) {
            Map<String, AttributeValue> item = dynamo.client().getItem(b -> b.tableName(dynamo.tableName())
                    .consistentRead(true)
                    .key(Map.of("PK", AttributeValue.fromS(RegistryTableSchema.modelPk(key.name())),
                            "SK", AttributeValue.fromS(RegistryTableSchema.cardSk(key))))).item();
            assertThat(RegistryItems.card(item)).as(key.toString())
                    .isEqualTo(Files.readString(SampleModels.folder(key).resolve("model.json"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void seed_should_change_nothing_when_run_again() {
        // GIVEN a registry seeded once
        dynamo.createRegistryTable();
        RegistrySeeder.Summary first = seeder().seed(SampleModels.root(), LOCAL);
        List<Map<String, AttributeValue>> before = allItems();

        // WHEN it is seeded again, later
        clock.advance(Duration.ofHours(1));
        RegistrySeeder.Summary second = seeder().seed(SampleModels.root(), LOCAL);

        // THEN every item is as it was, and the summary says all were skipped
        assertThat(allItems()).isEqualTo(before);
        int models = highestSampleVersions().size();
        int expectedItems = 2 * SampleModels.versions().size() + 2 * models;
        assertThat(first).isEqualTo(new RegistrySeeder.Summary(expectedItems, 0));
        assertThat(second).isEqualTo(new RegistrySeeder.Summary(0, expectedItems));
        // the items seeded, and the change marker the first seeding moved
        assertThat(before).hasSize(expectedItems + 1);
    }

    @Test
    void seed_should_not_overwrite_an_endpoint_changed_since() {
        // GIVEN a seeded registry whose iris endpoint a rollout has since moved
        dynamo.createRegistryTable();
        seeder().seed(SampleModels.root(), LOCAL);
        EndpointConfig rolledOut = new EndpointConfig("iris",
                List.of(Registries.variant("stable", "iris/1.1.0", 9000), Registries.variant("canary", "iris/1.0.0", 1000)),
                null, "iris", "lambda", 2, Instant.parse("2026-01-02T00:00:00Z"));
        dynamo.client().putItem(b -> b.tableName(dynamo.tableName()).item(RegistryItems.endpointItem(rolledOut, "rollout")));

        // WHEN it is seeded again
        seeder().seed(SampleModels.root(), LOCAL);

        // THEN the rollout's endpoint stands
        assertThat(read().endpoint("iris")).contains(rolledOut);
    }

    @Test
    void seed_should_write_nothing_when_a_card_names_another_folder(@TempDir Path models) throws IOException {
        // GIVEN a models folder where a copied card was not updated
        dynamo.createRegistryTable();
        copySample(models, ModelKey.parse("iris/1.0.0"), "iris/1.0.0");
        copySample(models, ModelKey.parse("iris/1.1.0"), "iris/1.2.0");

        // WHEN it is seeded / THEN the card is refused, naming the folder, and nothing is written
        assertThatThrownBy(() -> seeder().seed(models, LOCAL))
                .isInstanceOf(InvalidModelCardException.class)
                .hasMessageContaining("iris/1.2.0")
                .hasMessageContaining("names iris/1.1.0");
        assertThat(allItems()).isEmpty();
    }

    @Test
    void seed_should_use_the_artifact_location_it_is_given() {
        // GIVEN an empty registry and models that live in a versioned S3 bucket
        dynamo.createRegistryTable();
        Function<ModelKey, ArtifactLocation> s3 = key -> new ArtifactLocation(
                "s3://modelfn-models/models/" + key.name() + "/" + key.version() + "/model.onnx", "v-" + key.version());

        // WHEN the sample models are seeded
        seeder().seed(SampleModels.root(), s3);

        // THEN each version points at its S3 object and version
        assertThat(read().version(ModelKey.parse("iris/1.1.0")).orElseThrow().artifact())
                .isEqualTo(new ArtifactLocation("s3://modelfn-models/models/iris/1.1.0/model.onnx", "v-1.1.0"));
    }

    /** Seeds the sample models into a registry table, for tests of other classes. */
    static RegistrySeeder.Summary seedSamples(DynamoDbClient client, String table) {
        return new RegistrySeeder(client, table, MutableClock.atEpoch()).seed(SampleModels.root(), LOCAL);
    }

    private static void copySample(Path models, ModelKey sample, String folder) throws IOException {
        Path target = Files.createDirectories(models.resolve(folder));
        Files.copy(SampleModels.folder(sample).resolve("model.json"), target.resolve("model.json"));
    }

    /** Every item of the table, in key order; a test may scan, the reader never does. */
    private List<Map<String, AttributeValue>> allItems() {
        return dynamo.client().scanPaginator(b -> b.tableName(dynamo.tableName()).consistentRead(true)).items().stream()
                .sorted(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("PK").s())
                        .thenComparing(i -> i.get("SK").s()))
                .toList();
    }
}
