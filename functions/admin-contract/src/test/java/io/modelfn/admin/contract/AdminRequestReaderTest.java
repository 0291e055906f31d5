package io.modelfn.admin.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests are read strictly and refused with a message that names the field to fix. */
class AdminRequestReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void read_should_answer_the_record_when_the_body_fits() {
        // GIVEN a weights body / WHEN read / THEN every field arrives typed
        SetWeightsRequest request = AdminRequestReader.read(json(
                "{\"endpoint\":\"iris\",\"weights\":{\"stable\":9000,\"canary\":1000},\"revision\":3}"), SetWeightsRequest.class);

        assertThat(request).isEqualTo(new SetWeightsRequest("iris", Map.of("stable", 9000, "canary", 1000), 3L, null));
    }

    @Test
    void read_should_refuse_an_unknown_field_and_name_the_expected_ones() {
        // GIVEN a typo / WHEN read / THEN refused, naming the field and what is expected
        assertThatThrownBy(() -> AdminRequestReader.read(json("{\"model\":\"iris\",\"verison\":\"1.0.0\"}"),
                VersionRequest.class))
                .isInstanceOf(InvalidAdminCallException.class)
                .hasMessageContaining("unknown field 'verison'").hasMessageContaining("model, version");
    }

    @Test
    void read_should_refuse_mistyped_values_by_their_path() {
        // GIVEN a percentage where basis points belong, a number where a string belongs
        // WHEN read / THEN refused with the field's path and the type it needs
        assertThatThrownBy(() -> AdminRequestReader.read(json("{\"endpoint\":\"iris\",\"weights\":{\"stable\":\"50%\"}}"),
                SetWeightsRequest.class))
                .isInstanceOf(InvalidAdminCallException.class).hasMessage("'weights.stable' must be an integer");
        assertThatThrownBy(() -> AdminRequestReader.read(json("{\"model\":5}"), ModelRequest.class))
                .isInstanceOf(InvalidAdminCallException.class).hasMessage("'model' must be a string");
    }

    @Test
    void read_should_refuse_missing_fields_and_bodies_that_are_not_objects() {
        // GIVEN no model, a negative revision, an array / WHEN read / THEN the request's own checks answer
        assertThatThrownBy(() -> AdminRequestReader.read(json("{}"), ModelRequest.class))
                .isInstanceOf(InvalidAdminCallException.class).hasMessage("'model' is required (a string)");
        assertThatThrownBy(() -> AdminRequestReader.read(json(
                "{\"model\":\"iris\",\"alias\":\"live\",\"version\":\"1.0.0\",\"revision\":-1}"), SetAliasRequest.class))
                .isInstanceOf(InvalidAdminCallException.class).hasMessageContaining("'revision'");
        assertThatThrownBy(() -> AdminRequestReader.read(json("[1]"), EmptyRequest.class))
                .isInstanceOf(InvalidAdminCallException.class).hasMessageContaining("JSON object");
    }

    @Test
    void records_should_write_requests_without_absent_fields() {
        // GIVEN a promotion without alias or reason / WHEN written / THEN only what was given is sent
        JsonNode written = MAPPER.valueToTree(new PromoteRequest("iris", "1.1.0", null, null));

        assertThat(written.toString()).isEqualTo("{\"model\":\"iris\",\"version\":\"1.1.0\"}");
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
