package io.modelfn.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How values of the admin API's JSON read in tables and text. Missing or null values read {@code -}. */
public final class Values {

    public static final String NONE = "-";
    private static final BigDecimal BASIS_POINTS_PER_PERCENT = BigDecimal.valueOf(100);

    private Values() {
    }

    /** A field as text: {@code -} when missing or null; numbers as written. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return NONE;
        }
        if (value.isNumber()) {
            return number(value);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** A value of an answer record as text: {@code -} when null; numbers as {@link #number}; JSON as written. */
    public static String text(Object value) {
        if (value == null || value instanceof JsonNode node && (node.isMissingNode() || node.isNull())) {
            return NONE;
        }
        if (value instanceof JsonNode node) {
            return node.isNumber() ? number(node) : node.isValueNode() ? node.asText() : node.toString();
        }
        if (value instanceof Number number) {
            return plain(new BigDecimal(number.toString()));
        }
        return value.toString();
    }

    /** A number of an answer record, as {@link #number(JsonNode)}; {@code -} when null. */
    public static String number(Double value) {
        return value == null ? NONE : plain(BigDecimal.valueOf(value));
    }

    /** A difference of an answer record, as {@link #delta(JsonNode)}; {@code -} when null. */
    public static String delta(Double value) {
        if (value == null) {
            return NONE;
        }
        BigDecimal delta = BigDecimal.valueOf(value);
        return (delta.signum() > 0 ? "+" : "") + plain(delta);
    }

    /** Basis points as a share, as {@link #share(JsonNode)}. */
    public static String share(long basisPoints) {
        return plain(BigDecimal.valueOf(basisPoints).divide(BASIS_POINTS_PER_PERCENT, 2, RoundingMode.HALF_UP)) + "%";
    }

    /** A size in bytes, as {@link #bytes(JsonNode)}. */
    public static String bytes(long sizeBytes) {
        double size = sizeBytes;
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (size >= 1024 && unit < units.length - 1) {
            size /= 1024;
            unit++;
        }
        return unit == 0 ? sizeBytes + " B" : String.format(Locale.ROOT, "%.1f %s", size, units[unit]);
    }

    /** The first characters of a digest, as {@link #shortDigest(JsonNode, String)}. */
    public static String shortDigest(String digest) {
        String text = text(digest);
        return text.length() > 12 ? text.substring(0, 12) : text;
    }

    /** Texts joined by {@code , }; {@code none} when empty or null. */
    public static String list(List<String> items) {
        return items == null || items.isEmpty() ? "none" : String.join(", ", items);
    }

    /** A number without exponent or trailing zeros: {@code 0.91}, {@code 45}. */
    public static String number(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return NONE;
        }
        return plain(value.decimalValue());
    }

    /** A difference with its sign: {@code +0.18}, {@code -0.02}, {@code 0}. */
    public static String delta(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return NONE;
        }
        BigDecimal delta = value.decimalValue();
        return (delta.signum() > 0 ? "+" : "") + plain(delta);
    }

    /** Basis points as a share: 9000 is {@code 90%}, 333 is {@code 3.33%}. */
    public static String share(JsonNode basisPoints) {
        if (basisPoints == null || !basisPoints.isNumber()) {
            return NONE;
        }
        return plain(basisPoints.decimalValue().divide(BASIS_POINTS_PER_PERCENT, 2, RoundingMode.HALF_UP)) + "%";
    }

    /** A size in bytes, binary units: {@code 505 B}, {@code 1.1 KiB}, {@code 24.6 MiB}. */
    public static String bytes(JsonNode sizeBytes) {
        if (sizeBytes == null || !sizeBytes.isNumber()) {
            return NONE;
        }
        double size = sizeBytes.asDouble();
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (size >= 1024 && unit < units.length - 1) {
            size /= 1024;
            unit++;
        }
        return unit == 0 ? sizeBytes.asLong() + " B" : String.format(Locale.ROOT, "%.1f %s", size, units[unit]);
    }

    /** The first characters of a digest, enough to tell versions apart in a table. */
    public static String shortDigest(JsonNode node, String field) {
        String digest = text(node, field);
        return digest.length() > 12 ? digest.substring(0, 12) : digest;
    }

    /** The texts of a JSON array joined by {@code , }; {@code none} when empty or missing. */
    public static String list(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
        return items.isEmpty() ? "none" : String.join(", ", items);
    }

    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.signum() == 0 ? "0" : stripped.toPlainString();
    }
}
