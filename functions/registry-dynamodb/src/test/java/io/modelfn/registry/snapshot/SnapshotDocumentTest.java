package io.modelfn.registry.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.testkit.Registries;
import io.modelfn.registry.dynamodb.RegistryItemSet;
import io.modelfn.registry.dynamodb.RegistryItems;
import io.modelfn.registry.dynamodb.WriteStamp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SnapshotDocumentTest {

    private static final Instant CHANGED = Instant.parse("2026-12-05T16:00:00Z");
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private static SnapshotDocument document(long revision, Instant checkedAt, RegistryItemSet items) {
        return new SnapshotDocument(SnapshotDocument.SCHEMA_VERSION, revision, CHANGED, checkedAt, items);
    }

    private static RegistryItemSet samples() {
        ModelVersion version = Registries.sample("iris/1.1.0").withState(LifecycleState.PRODUCTION);
        EndpointConfig endpoint = Registries.endpoint("iris", Registries.variant("stable", "iris/1.1.0", 10_000));
        return new RegistryItemSet(List.of(RegistryItems.endpointItem(endpoint, "alice")),
                List.of(RegistryItems.versionItem(version, WriteStamp.first("alice", CHANGED))), List.of());
    }

    @Test
    void parse_should_read_back_the_items_written_with_their_types() {
        // GIVEN items of every attribute type and the real items of a sample version and endpoint
        Map<String, AttributeValue> odd = Map.of("s", AttributeValue.fromS("x\"y"), "n", AttributeValue.fromN("1.5"),
                "bool", AttributeValue.fromBool(true), "null", AttributeValue.fromNul(true),
                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")), "ss", AttributeValue.fromSs(List.of("a", "b")),
                "ns", AttributeValue.fromNs(List.of("1", "2")),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromN("2"))),
                "m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))));
        RegistryItemSet items = new RegistryItemSet(samples().endpoints(), samples().versions(), List.of(odd));
        SnapshotDocument written = document(7, CHANGED.plusSeconds(60), items);

        // WHEN it is written and parsed
        SnapshotDocument read = SnapshotDocument.parse(written.toJson());

        // THEN everything comes back, and maps to the same snapshot
        assertThat(read).isEqualTo(written);
        RegistrySnapshot snapshot = read.items().toSnapshot(read.checkedAt(), e -> { });
        assertThat(snapshot.endpoints()).containsOnlyKeys("iris");
        assertThat(snapshot.versions()).hasSize(1);
        assertThat(snapshot.readAt()).isEqualTo(CHANGED.plusSeconds(60));
    }

    @Test
    void parse_should_refuse_a_newer_schema_and_what_is_not_a_snapshot() {
        String newer = "{\"schemaVersion\":2,\"registryRevision\":1,\"changedAt\":\"2026-12-05T16:00:00Z\","
                + "\"checkedAt\":\"2026-12-05T16:00:00Z\",\"endpoints\":[],\"versions\":[],\"aliases\":[]}";

        assertThatThrownBy(() -> SnapshotDocument.parse(newer.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema version 2");
        assertThatThrownBy(() -> SnapshotDocument.parse("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SnapshotDocument.parse(newer.replace("2,", "1,").replace("\"aliases\":[]", "\"x\":1")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'aliases'");
    }

    @Test
    void mayReplace_should_never_go_back_to_an_older_revision_or_a_less_settled_copy() {
        RegistryItemSet items = samples();
        SnapshotDocument older = document(4, CHANGED.plusSeconds(60), items);
        SnapshotDocument newerUnsettled = document(5, CHANGED, items);
        SnapshotDocument sameSettled = document(5, CHANGED.plusSeconds(3), items);

        assertThat(newerUnsettled.mayReplace(older, SETTLE)).isTrue();
        assertThat(older.mayReplace(newerUnsettled, SETTLE)).isFalse();
        assertThat(sameSettled.mayReplace(newerUnsettled, SETTLE)).isTrue();
        assertThat(newerUnsettled.mayReplace(sameSettled, SETTLE)).isFalse();
        assertThat(sameSettled.mayReplace(sameSettled, SETTLE)).as("the repair refreshes checkedAt").isTrue();
    }
}
