package io.modelfn.core.predictiontoken;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks prediction tokens: {@code <keyId>.<payload>.<mac>}, base64url without padding, where
 * the payload is a compact binary encoding of a {@link PredictionToken} and the MAC is HMAC-SHA256 with
 * key {@code keyId} over {@code <keyId>.<payload>}. A token carries no secret; it can be read by
 * anyone, but changed or made by no one without the key.
 *
 * <p>Checks run in this order: form (400), key id and MAC compared in constant time (401), age (403).
 * A token issued more than {@link #CLOCK_SKEW} in the future is refused as forged: genuine ones can
 * only be that far ahead by the clock difference of two instances. Thread-safe.
 */
public final class PredictionTokenSigner {

    /** How far apart the clocks of two instances may be. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** Longer texts are refused before any work. */
    public static final int MAX_TOKEN_CHARS = 4096;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte FORMAT = 1;
    private static final byte LABEL = 'L';
    private static final byte NUMBER = 'N';
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final PredictionTokenKeys keys;
    private final Clock clock;
    private final Duration maxAge;
    /**
     * A MAC keyed with the current key, one per thread (a {@link Mac} is not thread-safe): every answer is
     * signed, and looking the algorithm up and keying it again for each would be on the warm path.
     */
    private final ThreadLocal<Mac> currentMac;

    public PredictionTokenSigner(PredictionTokenKeys keys, Clock clock, Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("the token max age must be positive");
        }
        this.keys = keys;
        this.clock = clock;
        this.maxAge = maxAge;
        this.currentMac = ThreadLocal.withInitial(() -> keyed(keys.current()));
    }

    /** How long after its prediction a token is accepted. */
    public Duration maxAge() {
        return maxAge;
    }

    /** The token of a served prediction, signed with the current key. */
    public String sign(PredictionToken token) {
        String signed = keys.currentId() + "." + ENCODER.encodeToString(encode(token));
        return signed + "." + ENCODER.encodeToString(currentMac.get().doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * What a token vouches for, once it is shown genuine and young enough.
     *
     * @throws MalformedPredictionTokenException when it is missing or not a token (400)
     * @throws ForgedPredictionTokenException when its key is unknown or its MAC does not match (401)
     * @throws ExpiredPredictionTokenException when it is older than the max age (403)
     */
    public PredictionToken verify(String token) {
        if (token == null || token.isBlank()) {
            throw new MalformedPredictionTokenException("'predictionToken' (the X-ModelFn-Prediction-Token header of "
                    + "the prediction's answer) is required");
        }
        String[] parts = token.length() > MAX_TOKEN_CHARS ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3 || !PredictionTokenKeys.isKeyId(parts[0])) {
            throw malformed();
        }
        byte[] payload = decodeCanonical(parts[1]);
        byte[] mac = decodeCanonical(parts[2]);
        byte[] key = keys.key(parts[0]).orElseThrow(() -> new ForgedPredictionTokenException(
                "the prediction token was signed with a key this deployment does not know"));
        // Constant time: how much of a guessed MAC matched must not show in the answer's timing.
        if (!MessageDigest.isEqual(mac(key, parts[0] + "." + parts[1]), mac)) {
            throw new ForgedPredictionTokenException("the prediction token's signature does not match: it was not "
                    + "issued by this system or it was changed");
        }
        PredictionToken claims = decode(payload);
        Instant now = clock.instant();
        if (claims.issuedAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw new ForgedPredictionTokenException("the prediction token is issued in the future");
        }
        if (claims.issuedAt().plus(maxAge).isBefore(now)) {
            throw new ExpiredPredictionTokenException("the prediction token has expired: feedback is accepted for "
                    + maxAge + " after the prediction");
        }
        return claims;
    }

    /**
     * Base64url that only one text encodes: the decoder ignores the unused bits of a last character, so
     * without this check a changed token could still verify.
     */
    private static byte[] decodeCanonical(String text) {
        try {
            byte[] bytes = DECODER.decode(text);
            if (!ENCODER.encodeToString(bytes).equals(text)) {
                throw malformed();
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
    }

    private static MalformedPredictionTokenException malformed() {
        return new MalformedPredictionTokenException("'predictionToken' is not a prediction token");
    }

    private static byte[] mac(byte[] key, String signed) {
        return keyed(key).doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    }

    private static Mac keyed(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e); // every JDK has it
        }
    }

    private static byte[] encode(PredictionToken token) {
        var bytes = new ByteArrayOutputStream(128);
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(token.predictionId());
            out.writeUTF(token.endpoint());
            out.writeUTF(token.model());
            out.writeUTF(token.version());
            out.writeUTF(token.variant());
            switch (token.predicted()) {
                case Predicted.Label label -> {
                    out.writeByte(LABEL);
                    out.writeUTF(label.name());
                }
                case Predicted.Number number -> {
                    out.writeByte(NUMBER);
                    out.writeDouble(number.value());
                }
            }
            out.writeLong(token.issuedAt().getEpochSecond());
        } catch (java.io.UTFDataFormatException e) {
            throw new IllegalArgumentException("a field of the prediction is too long for a token", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    /** Reads a payload whose MAC matched: only a format this code does not know can fail here. */
    private static PredictionToken decode(byte[] payload) {
        var bytes = new ByteArrayInputStream(payload);
        try (var in = new DataInputStream(bytes)) {
            if (in.readByte() != FORMAT) {
                throw malformed();
            }
            String predictionId = in.readUTF();
            String endpoint = in.readUTF();
            String model = in.readUTF();
            String version = in.readUTF();
            String variant = in.readUTF();
            byte kind = in.readByte();
            Predicted predicted = switch (kind) {
                case LABEL -> new Predicted.Label(in.readUTF());
                case NUMBER -> new Predicted.Number(in.readDouble());
                default -> throw malformed();
            };
            Instant issuedAt = Instant.ofEpochSecond(in.readLong());
            if (bytes.available() != 0) {
                throw malformed();
            }
            return new PredictionToken(predictionId, endpoint, model, version, variant, predicted, issuedAt);
        } catch (IOException | IllegalArgumentException | java.time.DateTimeException e) {
            throw malformed();
        }
    }
}
