package io.modelfn.core.predictiontoken;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any single bit changed anywhere in a token, in its text or in its decoded bytes, gets it refused. */
class PredictionTokenBitFlipTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final PredictionTokenSigner signer = new PredictionTokenSigner(
            PredictionTokenKeys.parse(PredictionTokenSignerTest.KEY_A), new MutableClock(NOW), Duration.ofDays(7));

    @Provide
    Arbitrary<PredictionToken> tokens() {
        Arbitrary<String> ids = Arbitraries.strings().withChars("abcXYZ019._:-").ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> names = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20);
        Arbitrary<Predicted> predicted = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(Predicted.Label::new),
                Arbitraries.doubles().between(-1e12, 1e12).map(Predicted.Number::new));
        Arbitrary<Instant> issued = Arbitraries.longs().between(0, Duration.ofDays(7).toSeconds()).map(NOW::minusSeconds);
        return Combinators.combine(ids, names, names, names, names, predicted, issued).as(PredictionToken::new);
    }

    @Property(tries = 25)
    void every_flipped_bit_of_the_text_should_be_refused(@ForAll("tokens") PredictionToken token) {
        String signed = signer.sign(token);
        for (int i = 0; i < signed.length(); i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] text = signed.getBytes(StandardCharsets.US_ASCII);
                text[i] ^= (byte) (1 << bit);

                String flipped = new String(text, StandardCharsets.ISO_8859_1);

                assertThatThrownBy(() -> signer.verify(flipped)).as("bit %d of character %d", bit, i)
                        .isInstanceOfAny(MalformedPredictionTokenException.class, ForgedPredictionTokenException.class);
            }
        }
    }

    @Property(tries = 25)
    void every_flipped_bit_of_the_payload_or_mac_should_be_refused_as_forged(@ForAll("tokens") PredictionToken token) {
        String[] signed = signer.sign(token).split("\\.");
        for (int part = 1; part <= 2; part++) {
            byte[] original = Base64.getUrlDecoder().decode(signed[part]);
            for (int i = 0; i < original.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] bytes = original.clone();
                    bytes[i] ^= (byte) (1 << bit);
                    String[] parts = signed.clone();
                    parts[part] = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

                    String flipped = String.join(".", parts);

                    assertThatThrownBy(() -> signer.verify(flipped)).as("bit %d of byte %d of part %d", bit, i, part)
                            .isInstanceOf(ForgedPredictionTokenException.class);
                }
            }
        }
    }
}
