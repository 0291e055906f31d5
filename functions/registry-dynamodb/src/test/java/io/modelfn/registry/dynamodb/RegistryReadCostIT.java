package io.modelfn.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.Registries;
import io.modelfn.core.testkit.SampleModels;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Measures what one registry refresh costs on DynamoDB Local, as DynamoDB reports it
 * ({@code ReturnConsumedCapacity=TOTAL}, added to the real reader's and marker's requests by an
 * interceptor): the full read (three paginated queries of the kind index) and the change marker's
 * GetItem, for registries of 10, 100 and 1,000 endpoints, each on its own model version and alias made
 * from the sample models' real items. Writes {@code target/registry-read-cost.tsv} (the figures of
 * docs/REGISTRY-COST.md) and the measured item sizes.
 */
class RegistryReadCostIT {

    private static final Instant AT = Instant.parse("2026-12-05T16:00:00Z");

    @Test
    void the_marker_should_cost_half_a_read_unit_whatever_the_registry_size_and_the_full_read_should_grow_with_it()
            throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("endpoints\tfull_read_requests\tfull_read_rcu\tmarker_requests\tmarker_rcu");
        Map<Integer, Double> fullReadRcu = new ConcurrentHashMap<>();
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start()) {
            CapacityMeter meter = new CapacityMeter();
            try (DynamoDbClient measured = measuredClient(server.endpoint(), meter)) {
                for (int endpoints : List.of(10, 100, 1_000)) {
                    String table = "cost-" + endpoints;
                    RegistryTableSchema.createTable(server.client(), table);
                    fill(server.client(), table, endpoints);
                    new DynamoDbModelRegistry(server.client(), table, new MutableClock(AT))
                            .createVersion(Registries.sample("iris/1.0.0"), "{}", Change.by("cost", "marker"));

                    meter.reset();
                    int size = new DynamoDbRegistryReader(measured, table).read().endpoints().size();
                    assertThat(size).isEqualTo(endpoints);
                    double full = meter.units.sum();
                    int fullRequests = meter.requests.size();
                    meter.reset();
                    new DynamoDbChangeMarker(measured, table, false).current();
                    double marker = meter.units.sum();
                    int markerRequests = meter.requests.size();

                    fullReadRcu.put(endpoints, full);
                    lines.add(endpoints + "\t" + fullRequests + "\t" + full + "\t" + markerRequests + "\t" + marker);
                    assertThat(markerRequests).isEqualTo(1);
                    assertThat(marker).isEqualTo(0.5);
                }
            }
            lines.add("");
            lines.add("item\tbytes (DynamoDB item size rules)");
            lines.addAll(itemSizes());
        }
        Path out = Path.of("target", "registry-read-cost.tsv");
        Files.writeString(out, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        System.out.println(String.join("\n", lines));
        assertThat(fullReadRcu.get(1_000)).isGreaterThan(fullReadRcu.get(100) * 5).isGreaterThan(fullReadRcu.get(10) * 50);
    }

    /** Each endpoint on a model of its own (a copy of a sample model's real version item), with an alias. */
    private static void fill(DynamoDbClient client, String table, int endpoints) {
        List<ModelKey> samples = SampleModels.versions();
        WriteStamp stamp = WriteStamp.first("cost", AT);
        for (int i = 0; i < endpoints; i++) {
            ModelVersion template = Registries.sample(samples.get(i % samples.size()).toString());
            ModelKey key = new ModelKey(template.key().name() + "-" + i, template.key().version());
            ModelVersion version = new ModelVersion(key, template.artifact(), template.sha256(), template.sizeBytes(),
                    template.signature(), LifecycleState.PRODUCTION, template.task(), template.labels(),
                    template.features(), AT);
            EndpointConfig endpoint = new EndpointConfig(key.name(), List.of(new Variant(Variant.STABLE, key,
                    Variant.TOTAL_WEIGHT)), null, key.name(), EndpointConfig.LAMBDA_BACKEND, 1, AT);
            for (Map<String, AttributeValue> item : List.of(RegistryItems.versionItem(version, stamp),
                    RegistryItems.aliasItem(ModelAlias.of(key.name(), "production", key.version()), stamp),
                    RegistryItems.endpointItem(endpoint, "cost"))) {
                client.putItem(b -> b.tableName(table).item(item));
            }
        }
    }

    /** The size of each sample model's version item, and of an endpoint, alias and marker item. */
    private static List<String> itemSizes() {
        List<String> lines = new ArrayList<>();
        WriteStamp stamp = WriteStamp.first("cost", AT);
        for (ModelKey key : SampleModels.versions()) {
            lines.add("version " + key + "\t" + ItemSize.of(RegistryItems.versionItem(
                    Registries.sample(key.toString()).withState(LifecycleState.PRODUCTION), stamp)));
        }
        ModelKey iris = ModelKey.parse("iris/1.1.0");
        lines.add("endpoint (one variant)\t" + ItemSize.of(RegistryItems.endpointItem(new EndpointConfig("iris",
                List.of(new Variant(Variant.STABLE, iris, Variant.TOTAL_WEIGHT)), null, "iris",
                EndpointConfig.LAMBDA_BACKEND, 1, AT), "cost")));
        lines.add("alias\t" + ItemSize.of(RegistryItems.aliasItem(ModelAlias.of("iris", "production", "1.1.0"), stamp)));
        lines.add("change marker\t" + ItemSize.of(Map.of(
                RegistryTableSchema.PK, AttributeValue.fromS(RegistryTableSchema.REGISTRY_PK),
                RegistryTableSchema.SK, AttributeValue.fromS(RegistryTableSchema.REVISION_SK),
                RegistryTableSchema.REVISION, AttributeValue.fromN("123456"),
                RegistryTableSchema.CHANGED_AT, AttributeValue.fromS(AT.toString()))));
        return lines;
    }

    private static DynamoDbClient measuredClient(String endpoint, CapacityMeter meter) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(meter))
                .build();
    }

    /** Asks DynamoDB for the capacity each query and get consumed, and adds it up. */
    static final class CapacityMeter implements ExecutionInterceptor {

        final DoubleAdder units = new DoubleAdder();
        final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            return switch (context.request()) {
                case QueryRequest q -> q.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
                case GetItemRequest g -> g.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
                default -> context.request();
            };
        }

        @Override
        public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
            SdkResponse response = context.response();
            if (response instanceof QueryResponse q && q.consumedCapacity() != null) {
                units.add(q.consumedCapacity().capacityUnits());
                requests.add("Query");
            } else if (response instanceof GetItemResponse g && g.consumedCapacity() != null) {
                units.add(g.consumedCapacity().capacityUnits());
                requests.add("GetItem");
            }
        }

        void reset() {
            units.reset();
            requests.clear();
        }
    }

    /**
     * An item's size by DynamoDB's documented rules: attribute names in UTF-8 bytes, plus each value
     * (strings in UTF-8 bytes; numbers one byte per two significant digits plus one; booleans and nulls one
     * byte; lists and maps three bytes plus one per element, plus their contents).
     */
    static final class ItemSize {

        static long of(Map<String, AttributeValue> item) {
            long size = 0;
            for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
                size += e.getKey().getBytes(StandardCharsets.UTF_8).length + value(e.getValue());
            }
            return size;
        }

        private static long value(AttributeValue v) {
            return switch (v.type()) {
                case S -> v.s().getBytes(StandardCharsets.UTF_8).length;
                case N -> number(v.n());
                case BOOL, NUL -> 1;
                case B -> v.b().asByteArray().length;
                case SS -> v.ss().stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
                case NS -> v.ns().stream().mapToLong(ItemSize::number).sum();
                case L -> 3 + v.l().stream().mapToLong(e -> 1 + value(e)).sum();
                case M -> 3 + v.m().entrySet().stream().mapToLong(e -> 1
                        + e.getKey().getBytes(StandardCharsets.UTF_8).length + value(e.getValue())).sum();
                default -> throw new IllegalArgumentException("unsized type " + v.type());
            };
        }

        private static long number(String n) {
            String digits = n.replaceAll("[^0-9]", "").replaceAll("^0+", "").replaceAll("0+$", "");
            return Math.max(1, (digits.length() + 1) / 2) + 1;
        }
    }
}
