package io.modelfn.core.predictiontoken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HMAC-SHA256 keys of prediction tokens, by key id: the current key signs, it and every previous
 * key verify. Rotation: put a new key first, keep the old ones after it for as long as tokens they
 * signed may still come back (the token max age), then drop them.
 *
 * <p>Written as {@code id:base64key[,id:base64key...]}, current first ({@code modelfn.feedback.token-keys}),
 * or as the JSON object a Secrets Manager secret holds, {@code {"current": "k2", "k2": "base64key",
 * "k1": "base64key"}} (the console's key/value pairs; the CDK app creates it with one generated key).
 * Every instance that issues or checks tokens must
 * read the same keys: a key generated per process ({@link #generated()}) suits only a single process.
 * Immutable.
 */
public final class PredictionTokenKeys {

    /** Fewer bytes than the MAC's output would weaken it (RFC 2104, section 3). */
    public static final int MIN_KEY_BYTES = 32;

    /** The JSON form's field that names the current key. */
    public static final String CURRENT = "current";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final String currentId;
    private final Map<String, byte[]> keys;

    private PredictionTokenKeys(String currentId, Map<String, byte[]> keys) {
        this.currentId = currentId;
        this.keys = keys;
    }

    /**
     * Reads {@code id:base64key[,id:base64key...]}, the current key first.
     *
     * @throws IllegalArgumentException naming what is wrong, never a key's bytes
     */
    public static PredictionTokenKeys parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no prediction token keys: expected id:base64key[,id:base64key...]");
        }
        if (text.trim().startsWith("{")) {
            return parseJson(text);
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String entry : text.trim().split("\\s*,\\s*")) {
            int colon = entry.indexOf(':');
            String id = colon < 0 ? entry : entry.substring(0, colon);
            if (colon < 0) {
                throw new IllegalArgumentException("a prediction token key is written id:base64key");
            }
            add(keys, id, entry.substring(colon + 1).trim());
        }
        return new PredictionTokenKeys(keys.keySet().iterator().next(), Map.copyOf(keys));
    }

    private static PredictionTokenKeys parseJson(String text) {
        JsonNode object;
        try {
            object = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the prediction token keys are not a JSON object"); // no excerpt of a key
        }
        JsonNode current = object.path(CURRENT);
        if (!current.isTextual()) {
            throw new IllegalArgumentException("the prediction token keys name no \"" + CURRENT + "\" key id");
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (var field : object.properties()) {
            if (!field.getKey().equals(CURRENT)) {
                if (!field.getValue().isTextual()) {
                    throw new IllegalArgumentException("prediction token key '" + field.getKey() + "' is not a string");
                }
                add(keys, field.getKey(), field.getValue().asText());
            }
        }
        if (!keys.containsKey(current.asText())) {
            throw new IllegalArgumentException("the current prediction token key '" + current.asText() + "' is missing");
        }
        return new PredictionTokenKeys(current.asText(), Map.copyOf(keys));
    }

    private static void add(Map<String, byte[]> keys, String id, String base64) {
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a prediction token key id has 1 to 32 letters, digits, '-' or '_'");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("prediction token key '" + id + "' is not base64");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("prediction token key '" + id + "' has " + key.length
                    + " bytes; at least " + MIN_KEY_BYTES + " are needed");
        }
        if (keys.putIfAbsent(id, key) != null) {
            throw new IllegalArgumentException("prediction token key id '" + id + "' appears twice");
        }
    }

    /** One random key for this process alone (the single-process local runner, tests). */
    public static PredictionTokenKeys generated() {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new PredictionTokenKeys("local", Map.of("local", key));
    }

    /** A fresh key written as {@link #parse} reads it, for operators who rotate by hand. */
    public static String newKeyText(String id) {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return id + ":" + Base64.getEncoder().encodeToString(key);
    }

    /** The id of the key that signs new tokens. */
    public String currentId() {
        return currentId;
    }

    byte[] current() {
        return keys.get(currentId);
    }

    Optional<byte[]> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    static boolean isKeyId(String id) {
        return KEY_ID.matcher(id).matches();
    }

    @Override
    public String toString() {
        return "PredictionTokenKeys" + keys.keySet(); // never the keys themselves
    }
}
