package io.modelfn.api.predictiontoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.api.config.ModelfnConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PredictionTokenKeySourceTest {

    private static final String KEY = "bW9kZWxmbi10ZXN0LXByZWRpY3Rpb24tdG9rZW4ta2V5LTAwMDE=";

    private final List<String> secretsRead = new ArrayList<>();

    private Function<String, String> secrets(String value) {
        return id -> {
            secretsRead.add(id);
            return value;
        };
    }

    private static ModelfnConfig.Feedback config(Optional<String> secret, Optional<String> keys, boolean perProcess) {
        return new ModelfnConfig.Feedback() {
            @Override
            public String table() {
                return "modelfn-feedback";
            }

            @Override
            public Optional<String> tokenKeysSecret() {
                return secret;
            }

            @Override
            public Optional<String> tokenKeys() {
                return keys;
            }

            @Override
            public boolean tokenKeyPerProcess() {
                return perProcess;
            }

            @Override
            public Duration tokenMaxAge() {
                return Duration.ofDays(7);
            }
        };
    }

    @Test
    void keys_should_come_from_the_secret_first_read_once() {
        var keys = PredictionTokenKeySource.keys(config(Optional.of("arn:secret"), Optional.of("cfg:" + KEY), true),
                secrets("{\"current\":\"s1\",\"s1\":\"" + KEY + "\"}"));

        assertThat(keys).map(k -> k.currentId()).contains("s1");
        assertThat(secretsRead).containsExactly("arn:secret");
    }

    @Test
    void keys_should_come_from_the_configuration_then_a_per_process_key_then_none() {
        assertThat(PredictionTokenKeySource.keys(config(Optional.empty(), Optional.of("cfg:" + KEY), true), secrets("x")))
                .map(k -> k.currentId()).contains("cfg");
        assertThat(PredictionTokenKeySource.keys(config(Optional.empty(), Optional.empty(), true), secrets("x")))
                .map(k -> k.currentId()).contains("local");
        assertThat(PredictionTokenKeySource.keys(config(Optional.empty(), Optional.empty(), false), secrets("x"))).isEmpty();
        assertThat(secretsRead).isEmpty();
    }

    @Test
    void keys_should_fail_the_start_up_when_the_secret_is_unusable_without_echoing_it() {
        assertThatThrownBy(() -> PredictionTokenKeySource.keys(config(Optional.of("arn:secret"), Optional.empty(), false),
                secrets("k1:c2hvcnQ=")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("secret arn:secret")
                .hasMessageNotContaining("c2hvcnQ");
    }
}
