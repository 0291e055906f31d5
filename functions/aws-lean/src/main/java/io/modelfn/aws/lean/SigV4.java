package io.modelfn.aws.lean;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 in the {@code Authorization} header, as
 * <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html">Create a
 * signed AWS API request</a> describes it: every header handed in is signed. The tests hold it to the SDK's own
 * signer, header for header.
 *
 * <p>Stateless and thread-safe.
 */
final class SigV4 {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** The payload hash S3 accepts in place of the body's, for a request without one. */
    static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {
    }

    /**
     * Adds {@code X-Amz-Date}, {@code X-Amz-Security-Token} (temporary credentials) and {@code Authorization} to
     * {@code headers}, which must hold {@code Host} and every other header the request will carry.
     *
     * @param canonicalPath  the request's path, each segment already URI-encoded once
     * @param canonicalQuery the query, its names and values URI-encoded and sorted, or empty
     * @param doubleEncode   whether the path is encoded once more for the signature (every service but S3)
     * @param payloadSha256  the body's SHA-256 in lower-case hex
     */
    static void sign(String method, String canonicalPath, String canonicalQuery, boolean doubleEncode,
            Map<String, String> headers, String payloadSha256, Credentials credentials, String region, String service,
            Instant now) {
        String amzDate = amzDate(now);
        String day = amzDate.substring(0, 8);
        headers.put("X-Amz-Date", amzDate);
        if (credentials.sessionToken() != null) {
            headers.put("X-Amz-Security-Token", credentials.sessionToken());
        }
        SortedMap<String, String> canonicalHeaders = new TreeMap<>();
        headers.forEach((name, value) -> canonicalHeaders.put(name.toLowerCase(Locale.ROOT), trimAll(value)));
        StringBuilder request = new StringBuilder(256)
                .append(method).append('\n')
                .append(doubleEncode ? canonicalPath.replace("%", "%25") : canonicalPath).append('\n')
                .append(canonicalQuery).append('\n');
        canonicalHeaders.forEach((name, value) -> request.append(name).append(':').append(value).append('\n'));
        String signedHeaders = String.join(";", canonicalHeaders.keySet());
        request.append('\n').append(signedHeaders).append('\n').append(payloadSha256);

        String scope = day + "/" + region + "/" + service + "/aws4_request";
        String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(request.toString());
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String signature = HEX.formatHex(hmac(key, toSign));
        headers.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    }

    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String sha256Hex(String data) {
        return sha256Hex(data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'} in UTC, without loading java.time's formatter. */
    static String amzDate(Instant now) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(now.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder s = new StringBuilder(16);
        pad(s, t.getYear(), 4);
        pad(s, t.getMonthValue(), 2);
        pad(s, t.getDayOfMonth(), 2);
        s.append('T');
        pad(s, t.getHour(), 2);
        pad(s, t.getMinute(), 2);
        pad(s, t.getSecond(), 2);
        return s.append('Z').toString();
    }

    private static void pad(StringBuilder s, int value, int width) {
        String digits = Integer.toString(value);
        s.append("0".repeat(Math.max(0, width - digits.length()))).append(digits);
    }

    /** A header value with leading and trailing spaces dropped and inner runs of spaces made one. */
    private static String trimAll(String value) {
        return value.trim().replaceAll(" +", " ");
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters (and {@code /} when kept). */
    static String uriEncode(String value, boolean keepSlash) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (keepSlash && c == '/')) {
                s.append((char) c);
            } else {
                s.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return s.toString();
    }
}
