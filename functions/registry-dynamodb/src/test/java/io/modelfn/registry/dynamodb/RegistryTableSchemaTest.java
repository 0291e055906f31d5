package io.modelfn.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.model.SemanticVersion;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

class RegistryTableSchemaTest {

    @Test
    void keyHelpers_should_write_the_documented_key_formats() {
        // GIVEN a model version and an audit event
        SemanticVersion version = SemanticVersion.parse("1.1.0");

        // WHEN its keys are built
        // THEN they follow the plan of record
        assertThat(RegistryTableSchema.modelPk("iris")).isEqualTo("MODEL#iris");
        assertThat(RegistryTableSchema.versionSk(version)).isEqualTo("VERSION#" + version.sortKey());
        assertThat(RegistryTableSchema.cardSk(version)).isEqualTo("CARD#" + version.sortKey());
        assertThat(RegistryTableSchema.aliasSk("production")).isEqualTo("ALIAS#production");
        assertThat(RegistryTableSchema.endpointPk("iris")).isEqualTo("ENDPOINT#iris");
        assertThat(RegistryTableSchema.configSk()).isEqualTo("CONFIG");
        assertThat(RegistryTableSchema.eventSk(Instant.parse("2026-03-01T12:00:00Z"), "e1"))
                .isEqualTo("EVENT#2026-03-01T12:00:00.000Z#e1");
    }

    @Test
    void eventSk_should_sort_by_time_when_instants_have_different_precision() {
        // GIVEN instants a whole second, a half second and a millisecond apart
        List<Instant> instants = List.of(
                Instant.parse("2026-03-01T12:00:00Z"),
                Instant.parse("2026-03-01T12:00:00.001Z"),
                Instant.parse("2026-03-01T12:00:00.5Z"),
                Instant.parse("2026-03-01T12:00:01Z"));

        // WHEN their event keys are sorted as strings
        List<String> keys = instants.stream().map(at -> RegistryTableSchema.eventSk(at, "x")).toList();

        // THEN the string order is the time order
        assertThat(keys).isSorted();
    }

    @Test
    void idempotencyPk_should_hold_the_sha256_of_the_key_not_the_key() {
        // WHEN the key of an idempotency record is built
        String pk = RegistryTableSchema.idempotencyPk("abc");

        // THEN it is the prefix and the key's SHA-256 in hex (the well-known digest of "abc")
        assertThat(pk).isEqualTo("IDEMPOTENCY#ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void versionSk_should_sort_by_semantic_version_precedence() {
        // GIVEN versions in precedence order whose text order differs
        List<String> versions = List.of("1.0.0-rc.2", "1.0.0-rc.10", "1.0.0", "1.2.0", "1.10.0");

        // WHEN their sort keys are built
        List<String> keys = versions.stream().map(v -> RegistryTableSchema.versionSk(SemanticVersion.parse(v))).toList();

        // THEN they sort as the versions do
        assertThat(keys).isSorted();
    }

    @Test
    void createTableRequest_should_declare_keys_on_demand_billing_and_the_kind_index() {
        // WHEN the create request is built
        CreateTableRequest request = RegistryTableSchema.createTableRequest("registry");

        // THEN PK/SK are the keys, billing is on demand, and kind-index is (kind, PK) projecting all
        assertThat(request.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("PK:" + KeyType.HASH, "SK:" + KeyType.RANGE);
        assertThat(request.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(request.globalSecondaryIndexes()).hasSize(1);
        GlobalSecondaryIndex index = request.globalSecondaryIndexes().get(0);
        assertThat(index.indexName()).isEqualTo("kind-index");
        assertThat(index.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("kind:" + KeyType.HASH, "PK:" + KeyType.RANGE);
        assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL);
        assertThat(request.attributeDefinitions()).extracting(a -> a.attributeName())
                .containsExactlyInAnyOrderElementsOf(Stream.of("PK", "SK", "kind").toList());
    }
}
