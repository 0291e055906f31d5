package io.modelfn.core.predictiontoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PredictionTokenSignerTest {

    static final String KEY_A = "a:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static final String KEY_B = "b:" + Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PredictionTokenSigner signer = new PredictionTokenSigner(PredictionTokenKeys.parse(KEY_A), clock,
            Duration.ofDays(7));

    static PredictionToken served(Instant at) {
        return new PredictionToken("req-1", "iris", "iris", "1.1.0", "canary", new Predicted.Label("virginica"), at);
    }

    @Test
    void verify_should_return_what_sign_was_given() {
        PredictionToken token = served(clock.instant());
        PredictionToken regression = new PredictionToken("r", "diabetes", "diabetes", "1.0.0", "stable",
                new Predicted.Number(151.25), clock.instant());

        assertThat(signer.verify(signer.sign(token))).isEqualTo(token);
        assertThat(signer.verify(signer.sign(regression))).isEqualTo(regression);
        assertThat(signer.sign(token)).startsWith("a.").doesNotContain("=").hasSizeLessThan(300);
    }

    @Test
    void verify_should_refuse_a_token_signed_with_another_key_of_the_same_id() {
        var other = new PredictionTokenSigner(PredictionTokenKeys.parse("a:" + KEY_B.substring(2)), clock, Duration.ofDays(7));

        String forged = other.sign(served(clock.instant()));

        assertThatThrownBy(() -> signer.verify(forged)).isInstanceOf(ForgedPredictionTokenException.class)
                .hasMessageContaining("signature does not match");
    }

    @Test
    void verify_should_refuse_a_token_whose_payload_was_swapped() {
        String mine = signer.sign(served(clock.instant()));
        String other = signer.sign(new PredictionToken("req-1", "iris", "iris", "1.1.0", "canary",
                new Predicted.Label("setosa"), clock.instant()));
        String[] a = mine.split("\\.");
        String[] b = other.split("\\.");

        assertThatThrownBy(() -> signer.verify(a[0] + "." + b[1] + "." + a[2]))
                .isInstanceOf(ForgedPredictionTokenException.class);
    }

    @Test
    void verify_should_refuse_an_unknown_key_id() {
        var signerB = new PredictionTokenSigner(PredictionTokenKeys.parse(KEY_B), clock, Duration.ofDays(7));

        assertThatThrownBy(() -> signer.verify(signerB.sign(served(clock.instant()))))
                .isInstanceOf(ForgedPredictionTokenException.class).hasMessageContaining("key this deployment does not know");
    }

    @Test
    void verify_should_accept_tokens_of_a_previous_key_after_rotation() {
        String beforeRotation = signer.sign(served(clock.instant()));
        var rotated = new PredictionTokenSigner(PredictionTokenKeys.parse(KEY_B + "," + KEY_A), clock, Duration.ofDays(7));

        assertThat(rotated.verify(beforeRotation)).isEqualTo(served(clock.instant()));
        assertThat(rotated.sign(served(clock.instant()))).startsWith("b.");
        assertThatThrownBy(() -> signer.verify(rotated.sign(served(clock.instant()))))
                .isInstanceOf(ForgedPredictionTokenException.class);
    }

    @Test
    void verify_should_refuse_a_token_older_than_the_max_age() {
        String token = signer.sign(served(clock.instant()));
        clock.advance(Duration.ofDays(7));
        assertThat(signer.verify(token).predictionId()).isEqualTo("req-1");

        clock.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> signer.verify(token)).isInstanceOf(ExpiredPredictionTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void verify_should_refuse_a_token_issued_in_the_future_beyond_the_clock_skew() {
        String skewed = signer.sign(served(clock.instant().plus(PredictionTokenSigner.CLOCK_SKEW)));
        String future = signer.sign(served(clock.instant().plus(PredictionTokenSigner.CLOCK_SKEW).plusSeconds(1)));

        assertThat(signer.verify(skewed).predictionId()).isEqualTo("req-1");
        assertThatThrownBy(() -> signer.verify(future)).isInstanceOf(ForgedPredictionTokenException.class);
    }

    @Test
    void verify_should_refuse_what_is_not_a_token_as_malformed() {
        String token = signer.sign(served(clock.instant()));

        for (String bad : new String[] {null, "", " ", "a.b", "a.b.c.d", "a.!!.AA", "not a token", token + ".",
                "a" + token, "x".repeat(PredictionTokenSigner.MAX_TOKEN_CHARS + 1), "a." + token.split("\\.")[1] + "=.x"}) {
            assertThatThrownBy(() -> signer.verify(bad)).as(String.valueOf(bad))
                    .isInstanceOfAny(MalformedPredictionTokenException.class, ForgedPredictionTokenException.class);
        }
        assertThatThrownBy(() -> signer.verify(null)).isInstanceOf(MalformedPredictionTokenException.class)
                .hasMessageContaining("X-ModelFn-Prediction-Token");
        assertThatThrownBy(() -> signer.verify("a.b")).isInstanceOf(MalformedPredictionTokenException.class);
    }
}
