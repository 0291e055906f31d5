package io.modelfn.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.AliasRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading: models, versions, comparison and the audit trail.
 */
class ModelCatalogTest extends AdminUseCaseFixture {
    @Test
    void compare_should_answer_metric_deltas_and_what_differs() {
        // GIVEN iris 1.0.0 and 1.1.0 with their own cards, 1.1.0's with an extra metric
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        ObjectNode card = card(IRIS_110, "iris", "1.1.0");
        ((ObjectNode) card.path("metrics")).put("rocAuc", 0.97);
        seedWithCard(IRIS_110, card, LifecycleState.VALIDATED);

        // WHEN they are compared
        ModelCatalog.Comparison comparison = catalog.compare("iris", "1.0.0", "1.1.0");

        // THEN each metric has both values and the delta b - a (none when one side lacks it)
        assertThat(comparison.a().version().key().version()).isEqualTo("1.0.0");
        assertThat(comparison.b().version().key().version()).isEqualTo("1.1.0");
        assertThat(comparison.metrics()).extracting(ModelCatalog.MetricDelta::name)
                .containsExactly("accuracy", "f1Macro", "heldOutSamples", "precisionMacro", "recallMacro", "rocAuc");
        assertThat(metric(comparison, "accuracy")).isEqualTo(new ModelCatalog.MetricDelta("accuracy", 0.733333,
                0.911111, 0.177778));
        assertThat(metric(comparison, "heldOutSamples").delta()).isZero();
        assertThat(metric(comparison, "rocAuc")).isEqualTo(new ModelCatalog.MetricDelta("rocAuc", null, 0.97, null));

        // AND the signatures are equal; training, lineage, description and artifact differ
        assertThat(comparison.signatureEqual()).isTrue();
        assertThat(comparison.differences()).containsExactlyInAnyOrder("training", "lineage", "description", "artifact");
    }

    @Test
    void compare_should_name_the_signature_when_it_differs_and_answer_not_found_for_unknown_versions() {
        // GIVEN two versions whose cards declare different outputs
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        ObjectNode card = card(IRIS_110, "iris", "1.2.0");
        ((ObjectNode) card.path("signature").path("outputs").get(0)).put("name", "scores");
        seedWithCard(IRIS_110, card, LifecycleState.VALIDATED);

        // WHEN they are compared / THEN the signature is a difference; an unknown version is not found
        ModelCatalog.Comparison comparison = catalog.compare("iris", "1.1.0", "1.2.0");
        assertThat(comparison.signatureEqual()).isFalse();
        assertThat(comparison.differences()).containsExactly("signature");
        assertThat(comparison.metrics()).allSatisfy(m -> assertThat(m.delta()).isZero());
        assertThatThrownBy(() -> catalog.compare("iris", "1.1.0", "9.9.9")).isInstanceOf(VersionNotFoundException.class);
    }

    @Test
    void models_and_describeModel_should_show_versions_production_aliases_and_endpoints() {
        // GIVEN iris 1.0.0 and 1.1.0, 1.1.0 promoted, and an endpoint on 1.0.0
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        lifecycle.promote("iris", "1.1.0", null, SEEDER);
        endpoints.putEndpoint("flowers", List.of(variant("stable", "iris", "1.0.0", 10_000)), null, null, null, 0, SEEDER);

        // WHEN the models are listed and iris described
        List<ModelCatalog.ModelSummary> models = catalog.models();
        ModelCatalog.ModelDetails details = catalog.describeModel("iris");

        // THEN they show where iris stands
        assertThat(models).containsExactly(new ModelCatalog.ModelSummary("iris", 2, "1.1.0", Map.of("production", "1.1.0")));
        assertThat(details.versions()).extracting(v -> v.version().key().version()).containsExactly("1.0.0", "1.1.0");
        assertThat(details.aliases()).extracting(AliasRecord::alias).containsExactly("production");
        assertThat(details.endpoints()).containsExactly("flowers");
        assertThatThrownBy(() -> catalog.describeModel("nosuch")).isInstanceOf(VersionNotFoundException.class);
        assertThatThrownBy(() -> catalog.describeVersion("iris", "9.9.9")).isInstanceOf(VersionNotFoundException.class);
    }

    @Test
    void audit_should_refuse_subjects_that_are_not_an_endpoint_or_a_model() {
        // GIVEN nothing
        // WHEN the trail of another kind of subject is asked for / THEN it is an invalid request
        for (String subject : Arrays.asList(null, "", "iris", "version:iris/1.0.0")) {
            assertThatThrownBy(() -> catalog.audit(subject, 10)).as(String.valueOf(subject))
                    .isInstanceOf(InvalidAdminRequestException.class);
        }
    }

    @Test
    void prepareUpload_should_refuse_names_that_could_leave_the_models_folder() {
        // GIVEN nothing
        // WHEN an upload is prepared for a bad name or version / THEN it is refused before the storage is asked
        assertThatThrownBy(() -> registrations.prepareUpload("../etc", "1.0.0")).isInstanceOf(InvalidAdminRequestException.class);
        assertThatThrownBy(() -> registrations.prepareUpload("iris", "../../x")).isInstanceOf(InvalidAdminRequestException.class);
        assertThat(storage.prepared()).isEmpty();

        // AND a good one is delegated to the storage
        assertThat(registrations.prepareUpload("iris", "1.5.0").location()).isEqualTo(PREFIX + "iris/1.5.0/model.onnx");
    }
}
