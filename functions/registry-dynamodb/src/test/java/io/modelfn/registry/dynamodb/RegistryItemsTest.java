package io.modelfn.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.AlarmLimits;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.RolloutPromotion;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.testkit.Registries;
import io.modelfn.core.testkit.SampleModels;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RegistryItemsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final WriteStamp STAMP = new WriteStamp("alice", 3, NOW);

    static List<ModelKey> sampleVersions() {
        return SampleModels.versions();
    }

    @ParameterizedTest
    @MethodSource("sampleVersions")
    void version_should_read_back_what_versionItem_wrote_for_every_sample(ModelKey key) {
        // GIVEN a sample version as the registry knows it
        ModelVersion version = Registries.sample(key.toString());

        // WHEN it is written to an item and read back
        ModelVersion read = RegistryItems.version(RegistryItems.versionItem(version, STAMP));

        // THEN nothing is lost (features hold arrays: compare field by field)
        assertThat(read).usingRecursiveComparison().isEqualTo(version);
    }

    @ParameterizedTest
    @MethodSource("sampleVersions")
    void versionItem_should_write_the_signature_exactly_as_the_card_does(ModelKey key) throws Exception {
        // GIVEN a sample version and its card
        ModelCard card = SampleModels.card(key);

        // WHEN its item is written
        Map<String, AttributeValue> item = RegistryItems.versionItem(Registries.sample(key.toString()), STAMP);

        // THEN the signature attribute is the card's signature object, and reads back as the card's
        JsonNode written = JSON.readTree(item.get("signature").s());
        assertThat(written).isEqualTo(card.document().get("signature"));
        assertThat(CardJson.signature(item.get("signature").s())).isEqualTo(card.signature());
    }

    @Test
    void versionItem_should_write_features_in_the_card_format() throws Exception {
        // GIVEN iris 1.1.0, whose card has training distributions
        ModelKey key = ModelKey.parse("iris/1.1.0");
        JsonNode cardFeatures = SampleModels.card(key).document().get("features");

        // WHEN its item is written
        Map<String, AttributeValue> item = RegistryItems.versionItem(Registries.sample(key.toString()), STAMP);

        // THEN features is the card's array (the card's optional min/max stay in the card item)
        JsonNode written = JSON.readTree(item.get("features").s());
        assertThat(written).hasSize(cardFeatures.size());
        for (int i = 0; i < written.size(); i++) {
            for (String field : List.of("name", "mean", "std", "binEdges", "binProportions")) {
                assertThat(written.get(i).get(field)).as(field).isEqualTo(cardFeatures.get(i).get(field));
            }
        }
    }

    @Test
    void versionItem_should_lay_out_keys_and_attributes_as_the_schema_says() {
        // GIVEN a versioned S3 artifact of a classification model, failed with a reason
        ModelVersion version = new ModelVersion(ModelKey.parse("iris/1.1.0"),
                new ArtifactLocation("s3://models/iris/1.1.0/model.onnx", "v42"),
                "ab".repeat(32), 1132, SampleModels.card(ModelKey.parse("iris/1.1.0")).signature(),
                LifecycleState.FAILED, ModelCard.Task.CLASSIFICATION, List.of("a", "b"), List.of(),
                Instant.parse("2026-02-01T00:00:00Z"));

        // WHEN its item is written
        Map<String, AttributeValue> item = RegistryItems.versionItem(version, "sha256 mismatch", STAMP);

        // THEN keys, kind and every attribute follow the plan of record
        assertThat(item.get("PK").s()).isEqualTo("MODEL#iris");
        assertThat(item.get("SK").s()).isEqualTo("VERSION#" + SemanticVersion.parse("1.1.0").sortKey());
        assertThat(item.get("kind").s()).isEqualTo("VERSION");
        assertThat(item.get("name").s()).isEqualTo("iris");
        assertThat(item.get("version").s()).isEqualTo("1.1.0");
        assertThat(item.get("artifactUri").s()).isEqualTo("s3://models/iris/1.1.0/model.onnx");
        assertThat(item.get("artifactVersionId").s()).isEqualTo("v42");
        assertThat(item.get("sizeBytes").n()).isEqualTo("1132");
        assertThat(item.get("format").s()).isEqualTo("onnx");
        assertThat(item.get("task").s()).isEqualTo("classification");
        assertThat(item.get("labels").l()).extracting(AttributeValue::s).containsExactly("a", "b");
        assertThat(item).doesNotContainKey("features");
        assertThat(item.get("state").s()).isEqualTo("FAILED");
        assertThat(item.get("stateReason").s()).isEqualTo("sha256 mismatch");
        assertThat(item.get("createdAt").s()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(item.get("createdBy").s()).isEqualTo("alice");
        assertThat(item.get("revision").n()).isEqualTo("3");
        assertThat(item.get("updatedAt").s()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(RegistryItems.stateReason(item)).contains("sha256 mismatch");
        assertThat(RegistryItems.revision(item)).isEqualTo(3);
        assertThat(RegistryItems.version(item).artifact()).isEqualTo(version.artifact());
    }

    @Test
    void versionItem_should_leave_out_optional_attributes_when_the_version_has_none() {
        // GIVEN a regression without labels, features or S3 version id
        ModelVersion version = Registries.sample("diabetes/1.0.0");
        ModelVersion bare = new ModelVersion(version.key(), version.artifact(), version.sha256(), version.sizeBytes(),
                version.signature(), version.state(), ModelCard.Task.REGRESSION, List.of(), List.of(), null);

        // WHEN its item is written and read back
        Map<String, AttributeValue> item = RegistryItems.versionItem(bare, STAMP);
        ModelVersion read = RegistryItems.version(item);

        // THEN the optional attributes are absent and come back empty; createdAt is the stamp's
        assertThat(item).doesNotContainKeys("labels", "features", "artifactVersionId", "stateReason");
        assertThat(item.get("task").s()).isEqualTo("regression");
        assertThat(read.labels()).isEmpty();
        assertThat(read.features()).isEmpty();
        assertThat(read.createdAt()).isEqualTo(NOW);
    }

    @Test
    void cardItem_should_keep_the_card_apart_and_out_of_the_index() {
        // GIVEN a card's text
        String text = "{\"name\":\"iris\"}";

        // WHEN its item is written
        Map<String, AttributeValue> item = RegistryItems.cardItem(ModelKey.parse("iris/1.1.0"), text);

        // THEN it sits beside the version, carries no kind, and gives the text back unchanged
        assertThat(item.get("PK").s()).isEqualTo("MODEL#iris");
        assertThat(item.get("SK").s()).isEqualTo("CARD#" + SemanticVersion.parse("1.1.0").sortKey());
        assertThat(item).doesNotContainKey("kind");
        assertThat(RegistryItems.card(item)).isEqualTo(text);
    }

    @Test
    void endpoint_should_read_back_an_endpoint_with_shadow_and_several_variants() {
        // GIVEN an A/B/C endpoint with a shadow on a GPU backend
        EndpointConfig endpoint = new EndpointConfig("iris",
                List.of(new Variant("stable", ModelKey.parse("iris/1.0.0"), 7000),
                        new Variant("canary", ModelKey.parse("iris/1.1.0"), 2000),
                        new Variant("b", ModelKey.parse("iris/1.2.0-rc.1"), 1000)),
                new ShadowConfig(ModelKey.parse("iris/2.0.0"), 500), "salt-1", "sagemaker:iris-gpu", 7, NOW);

        // WHEN it is written and read back
        Map<String, AttributeValue> item = RegistryItems.endpointItem(endpoint, "alice");
        EndpointConfig read = RegistryItems.endpoint(item);

        // THEN it is the same endpoint, laid out as the schema says
        assertThat(read).isEqualTo(endpoint);
        assertThat(item.get("PK").s()).isEqualTo("ENDPOINT#iris");
        assertThat(item.get("SK").s()).isEqualTo("CONFIG");
        assertThat(item.get("kind").s()).isEqualTo("ENDPOINT");
        assertThat(item.get("variants").l().get(1).m()).containsOnlyKeys("name", "model", "version", "weight");
        assertThat(item.get("variants").l().get(1).m().get("weight").n()).isEqualTo("2000");
        assertThat(item.get("shadow").m().get("sampleRate").n()).isEqualTo("500");
        assertThat(item.get("shadow").m().get("version").s()).isEqualTo("2.0.0");
        assertThat(item.get("updatedBy").s()).isEqualTo("alice");
        assertThat(item.get("revision").n()).isEqualTo("7");
    }

    @Test
    void endpoint_should_read_back_a_watched_rollout_with_what_its_promotion_replaced() {
        // GIVEN an endpoint whose rollout promoted 1.1.0 and watches it for 30 minutes
        RolloutPlan plan = new RolloutPlan(ModelKey.parse("iris/1.1.0"), List.of(1000, 10000),
                java.time.Duration.ofMinutes(5), 10, "production", RolloutPlan.State.WATCHING, 1, NOW, "promoted",
                java.time.Duration.ofMinutes(30), new RolloutPromotion(ModelKey.parse("iris/1.0.0"), "1.0.0",
                        LifecycleState.VALIDATED, List.of("1.0.0")));
        EndpointConfig endpoint = new EndpointConfig("iris", List.of(new Variant("stable", ModelKey.parse("iris/1.1.0"),
                10000)), null, null, null, 3, NOW, plan);

        // WHEN it is written and read back / THEN nothing is lost
        Map<String, AttributeValue> item = RegistryItems.endpointItem(endpoint, "modelfn-rollout");
        assertThat(RegistryItems.endpoint(item)).isEqualTo(endpoint);
        assertThat(item.get("rollout").m().get("watchSeconds").n()).isEqualTo("1800");
        assertThat(item.get("rollout").m().get("promotion").m().get("previousStableVersion").s()).isEqualTo("1.0.0");
    }

    @Test
    void endpoint_should_read_a_rollout_written_before_watches_as_unwatched() {
        RolloutPlan plan = new RolloutPlan(ModelKey.parse("iris/1.1.0"), List.of(1000, 10000),
                java.time.Duration.ofMinutes(5), 10, "production", RolloutPlan.State.COMPLETED, 1, NOW, "done");
        Map<String, AttributeValue> item = RegistryItems.endpointItem(new EndpointConfig("iris",
                List.of(new Variant("stable", ModelKey.parse("iris/1.1.0"), 10000)), null, null, null, 3, NOW, plan),
                "alice");

        assertThat(item.get("rollout").m()).doesNotContainKeys("watchSeconds", "promotion");
        assertThat(RegistryItems.endpoint(item).rollout().watch()).isZero();
        assertThat(RegistryItems.endpoint(item).rollout().promotion()).isNull();
    }

    @Test
    void endpoint_should_default_the_backend_to_lambda_when_the_item_has_none() {
        // GIVEN an endpoint item without shadow or backend
        Map<String, AttributeValue> item = new HashMap<>(RegistryItems.endpointItem(
                Registries.endpoint("iris", Registries.variant("stable", "iris/1.1.0", 10000)), "seed"));
        item.remove("backend");

        // WHEN it is read
        EndpointConfig read = RegistryItems.endpoint(item);

        // THEN the backend is lambda and there is no shadow
        assertThat(read.backend()).isEqualTo("lambda");
        assertThat(read.shadowConfig()).isEmpty();
        assertThat(item).doesNotContainKey("shadow");
    }

    @Test
    void alias_should_read_back_what_aliasItem_wrote() {
        // GIVEN an alias moved from 1.0.0 to 1.1.0, and one never moved
        ModelAlias moved = new ModelAlias("iris", "production", "1.1.0", "1.0.0");
        ModelAlias fresh = ModelAlias.of("iris", "staging", "1.1.0");

        // WHEN they are written and read back
        Map<String, AttributeValue> movedItem = RegistryItems.aliasItem(moved, STAMP);
        Map<String, AttributeValue> freshItem = RegistryItems.aliasItem(fresh, STAMP);

        // THEN they are unchanged, keyed under the model, with the writer's stamp
        assertThat(RegistryItems.alias(movedItem)).isEqualTo(moved);
        assertThat(RegistryItems.alias(freshItem)).isEqualTo(fresh);
        assertThat(movedItem.get("PK").s()).isEqualTo("MODEL#iris");
        assertThat(movedItem.get("SK").s()).isEqualTo("ALIAS#production");
        assertThat(movedItem.get("kind").s()).isEqualTo("ALIAS");
        assertThat(movedItem.get("previousVersion").s()).isEqualTo("1.0.0");
        assertThat(freshItem).doesNotContainKey("previousVersion");
        assertThat(movedItem.get("updatedBy").s()).isEqualTo("alice");
        assertThat(movedItem.get("revision").n()).isEqualTo("3");
    }

    @Test
    void aliasRecord_should_read_the_alias_with_its_revision_and_writer() {
        // GIVEN an alias item written at revision 3 by alice
        Map<String, AttributeValue> item = RegistryItems.aliasItem(new ModelAlias("iris", "production", "1.1.0", "1.0.0"), STAMP);

        // WHEN it is read as the admin side reads it / THEN nothing is lost
        assertThat(RegistryItems.aliasRecord(item))
                .isEqualTo(new AliasRecord("iris", "production", "1.1.0", "1.0.0", 3, NOW, "alice"));
    }

    @Test
    void auditEvent_should_read_back_what_eventItem_wrote_in_the_subjects_item_collection() {
        // GIVEN an endpoint's event with every field, and a model's creation event without from, reason or request
        AuditEvent full = new AuditEvent("e-1", Instant.parse("2026-03-01T12:00:00.123456Z"), "endpoint:iris",
                AuditEvent.PUT_ENDPOINT, "alice", "{\"revision\":1}", "{\"revision\":2}", "tune", "req-9");
        AuditEvent created = new AuditEvent("e-2", NOW, "model:iris", AuditEvent.CREATE_VERSION, "seed", null,
                "{\"version\":\"1.0.0\"}", "", null);

        // WHEN they are written and read back
        Map<String, AttributeValue> fullItem = RegistryItems.eventItem(full);
        Map<String, AttributeValue> createdItem = RegistryItems.eventItem(created);

        // THEN they are unchanged, keyed by time and id, outside the serving path's index
        assertThat(RegistryItems.auditEvent(fullItem)).isEqualTo(full);
        assertThat(RegistryItems.auditEvent(createdItem)).isEqualTo(created);
        assertThat(fullItem.get("PK").s()).isEqualTo("ENDPOINT#iris");
        assertThat(fullItem.get("SK").s()).isEqualTo("EVENT#2026-03-01T12:00:00.123Z#e-1");
        assertThat(createdItem.get("PK").s()).isEqualTo("MODEL#iris");
        assertThat(createdItem).doesNotContainKeys("from", "reason", "requestId", "kind");
    }

    @Test
    void subjectPk_should_refuse_a_subject_that_is_neither_an_endpoints_nor_a_models() {
        // WHEN an unknown subject is mapped / THEN it is refused
        assertThatThrownBy(() -> RegistryItems.subjectPk("alias:iris")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryItems.subjectPk("endpoint:")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void version_should_refuse_an_item_without_sha256_naming_the_item_not_its_values() {
        // GIVEN a version item that lost its digest
        Map<String, AttributeValue> item = new HashMap<>(RegistryItems.versionItem(Registries.sample("iris/1.1.0"), STAMP));
        item.remove("sha256");

        // WHEN it is read / THEN it is refused with its key and the missing attribute
        assertThatThrownBy(() -> RegistryItems.version(item))
                .isInstanceOf(MalformedRegistryItemException.class)
                .hasMessageContaining("MODEL#iris / VERSION#")
                .hasMessageContaining("sha256 is missing")
                .hasMessageNotContaining("local:iris");
    }

    @Test
    void version_should_refuse_a_signature_that_is_not_json() {
        // GIVEN a version item whose signature was mangled
        Map<String, AttributeValue> item = new HashMap<>(RegistryItems.versionItem(Registries.sample("iris/1.1.0"), STAMP));
        item.put("signature", AttributeValue.fromS("{\"inputs\": [secret"));

        // WHEN it is read / THEN it is refused without quoting the text
        assertThatThrownBy(() -> RegistryItems.version(item))
                .isInstanceOf(MalformedRegistryItemException.class)
                .hasMessageContaining("signature")
                .hasMessageNotContaining("secret");
    }

    @Test
    void version_should_refuse_an_unknown_state() {
        // GIVEN a version item in a state this code does not know
        Map<String, AttributeValue> item = new HashMap<>(RegistryItems.versionItem(Registries.sample("iris/1.1.0"), STAMP));
        item.put("state", AttributeValue.fromS("RETIRED"));

        // WHEN it is read / THEN it is refused, naming the attribute
        assertThatThrownBy(() -> RegistryItems.version(item))
                .isInstanceOf(MalformedRegistryItemException.class)
                .hasMessageContaining("state is not one of");
    }

    @Test
    void endpoint_should_refuse_variant_weights_out_of_range() {
        // GIVEN an endpoint item with a weight above 10000
        Map<String, AttributeValue> item = new HashMap<>(RegistryItems.endpointItem(
                Registries.endpoint("iris", Registries.variant("stable", "iris/1.1.0", 10000)), "seed"));
        item.put("variants", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                "name", AttributeValue.fromS("stable"), "model", AttributeValue.fromS("iris"),
                "version", AttributeValue.fromS("1.1.0"), "weight", AttributeValue.fromN("20000"))))));

        // WHEN it is read / THEN it is refused
        assertThatThrownBy(() -> RegistryItems.endpoint(item))
                .isInstanceOf(MalformedRegistryItemException.class)
                .hasMessageContaining("ENDPOINT#iris / CONFIG")
                .hasMessageContaining("0..10000");
    }

    @Test
    void endpoint_should_read_back_the_alarm_limits_it_sets_and_write_none_when_it_sets_none() {
        // GIVEN an endpoint with three limits of its own, and the same endpoint with none
        EndpointConfig plain = Registries.endpoint("iris", Registries.variant("stable", "iris/1.1.0", 10000));
        EndpointConfig limited = plain.withAlarmLimits(new AlarmLimits(0.025, 400, null, 50, null));

        // WHEN both are written and read back
        Map<String, AttributeValue> item = RegistryItems.endpointItem(limited, "alice");
        Map<String, AttributeValue> plainItem = RegistryItems.endpointItem(plain, "alice");

        // THEN the limits survive as set (unset ones stay unset), and an endpoint without limits has no attribute
        assertThat(RegistryItems.endpoint(item).alarmLimits()).isEqualTo(limited.alarmLimits());
        assertThat(item.get("alarmLimits").m()).containsOnlyKeys("maxServerErrorRate", "maxP99LatencyMs",
                "minFeedbackSamples");
        assertThat(item.get("alarmLimits").m().get("maxServerErrorRate").n()).isEqualTo("0.025");
        assertThat(plainItem).doesNotContainKey("alarmLimits");
        assertThat(RegistryItems.endpoint(plainItem).alarmLimits()).isEqualTo(AlarmLimits.NONE);
    }

    @Test
    void endpoint_should_refuse_alarm_limits_out_of_range() {
        // GIVEN an endpoint item whose error-rate limit is 2 (written by hand)
        Map<String, AttributeValue> item = new HashMap<>(RegistryItems.endpointItem(
                Registries.endpoint("iris", Registries.variant("stable", "iris/1.1.0", 10000)), "seed"));
        item.put("alarmLimits", AttributeValue.fromM(Map.of("maxServerErrorRate", AttributeValue.fromN("2"))));

        // WHEN it is read / THEN it is refused, naming the item
        assertThatThrownBy(() -> RegistryItems.endpoint(item))
                .isInstanceOf(MalformedRegistryItemException.class)
                .hasMessageContaining("ENDPOINT#iris / CONFIG")
                .hasMessageContaining("maxServerErrorRate");
    }
}
