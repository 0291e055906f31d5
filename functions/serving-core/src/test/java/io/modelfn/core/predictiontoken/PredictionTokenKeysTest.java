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
    void parse_should_read_the_secret_json_form_with_its_current_key() {
        // 64 letters and digits, as Secrets Manager generates them: valid base64 of 48 bytes
        String generated = "Ab3dEf7hIj1lMn5pQr9tUv2xYz4bCd6fGh8jKl0nOp2rSt4vWx6zAb8dEf0hIj2l";
        String previous = PredictionTokenSignerTest.KEY_A.substring(2);

        var keys = PredictionTokenKeys.parse("{\"current\":\"k2\",\"k2\":\"" + generated + "\",\"a\":\"" + previous + "\"}");

        assertThat(keys.currentId()).isEqualTo("k2");
        assertThat(keys.current()).hasSize(48);
        assertThat(keys.key("a")).isPresent();
        assertThatThrownBy(() -> PredictionTokenKeys.parse("{\"current\":\"k3\",\"k2\":\"" + generated + "\"}"))
                .hasMessageContaining("'k3' is missing");
        assertThatThrownBy(() -> PredictionTokenKeys.parse("{\"k2\":\"" + generated + "\"}")).hasMessageContaining("current");
        assertThatThrownBy(() -> PredictionTokenKeys.parse("{\"current\":\"k2\",\"k2\":\"" + generated))
                .hasMessageContaining("not a JSON object").hasMessageNotContaining(generated);
    }

    @Test
    void newKeyText_should_be_read_back_by_parse() {
        var keys = PredictionTokenKeys.parse(PredictionTokenKeys.newKeyText("k2026"));

        assertThat(keys.currentId()).isEqualTo("k2026");
        assertThat(keys.current()).hasSize(PredictionTokenKeys.MIN_KEY_BYTES);
        assertThat(keys.toString()).isEqualTo("PredictionTokenKeys[k2026]");
    }
}
