package io.modelfn.core.predictiontoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PredictionTokenKeysTest {

    @Test
    void parse_should_take_the_first_key_as_current_and_keep_the_others() {
        var keys = PredictionTokenKeys.parse(PredictionTokenSignerTest.KEY_B + " , " + PredictionTokenSignerTest.KEY_A);

        assertThat(keys.currentId()).isEqualTo("b");
        assertThat(keys.key("a")).isPresent();
        assertThat(keys.key("c")).isEmpty();
    }

    @Test
    void parse_should_refuse_short_duplicate_and_garbled_keys_without_echoing_them() {
        assertThatThrownBy(() -> PredictionTokenKeys.parse("a:c2hvcnQ=")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32").hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> PredictionTokenKeys.parse(PredictionTokenSignerTest.KEY_A + "," + PredictionTokenSignerTest.KEY_A))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> PredictionTokenKeys.parse("a:not*base64*at*all*0123456789012345678901234"))
                .hasMessageContaining("not base64");
        assertThatThrownBy(() -> PredictionTokenKeys.parse("no-id-here")).hasMessageContaining("id:base64key");
        assertThatThrownBy(() -> PredictionTokenKeys.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newKeyText_should_be_read_back_by_parse() {
        var keys = PredictionTokenKeys.parse(PredictionTokenKeys.newKeyText("k2026"));

        assertThat(keys.currentId()).isEqualTo("k2026");
        assertThat(keys.current()).hasSize(PredictionTokenKeys.MIN_KEY_BYTES);
        assertThat(keys.toString()).isEqualTo("PredictionTokenKeys[k2026]");
    }
}
