package io.modelfn.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/** How values of the admin API's JSON read in tables and text. Missing or null values read {@code -}. */
public final class Values {

    public static final String NONE = "-";
    private static final BigDecimal BASIS_POINTS_PER_PERCENT = BigDecimal.valueOf(100);

    private Values() {
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

    /** A difference with its sign: {@code +0.18}, {@code -0.02}, {@code 0}; {@code -} when null. */
    public static String delta(Double value) {
        if (value == null) {
            return NONE;
        }
        BigDecimal delta = BigDecimal.valueOf(value);
        return (delta.signum() > 0 ? "+" : "") + plain(delta);
    }

    /** Basis points as a share: 9000 is {@code 90%}, 333 is {@code 3.33%}. */
    public static String share(long basisPoints) {
        return plain(BigDecimal.valueOf(basisPoints).divide(BASIS_POINTS_PER_PERCENT, 2, RoundingMode.HALF_UP)) + "%";
    }

    /** A size in bytes, binary units: {@code 505 B}, {@code 1.1 KiB}, {@code 24.6 MiB}. */
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

    /** The first characters of a digest, enough to tell versions apart in a table; {@code -} when null. */
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

    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.signum() == 0 ? "0" : stripped.toPlainString();
    }
}
