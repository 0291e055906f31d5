package io.modelfn.core.protocol;

/**
 * FP32 values from the text of short JSON numbers, exactly as {@link Float#parseFloat} reads them, without the
 * general parser: most tensor data is written with a handful of digits ({@code 5.1}, {@code 0.0625}, {@code 13}).
 *
 * <p>Clinger's fast path: when the digits, read as one integer {@code m}, are at most 2<sup>24</sup> and the
 * decimal exponent {@code e} is at most 10 in size, both {@code m} and 10<sup>|e|</sup> are exact {@code float}s, so
 * one {@code float} multiplication or division, correctly rounded by IEEE 754, gives the correctly rounded value
 * of the decimal. Anything else is left to the general parser ({@link #NOT_SHORT}).
 *
 * <p>The text must be a JSON number (the parser's token has checked its grammar).
 */
public final class ShortDecimalFloats {

    /** What {@link #parse} answers for text off the fast path; no JSON number reads as NaN. */
    public static final float NOT_SHORT = Float.NaN;

    private static final int MAX_EXACT = 1 << 24;
    private static final int MAX_POWER = 10;
    private static final float[] POWERS = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    private ShortDecimalFloats() {
    }

    /**
     * The value of the JSON number {@code text[offset, offset + length)} as {@link Float#parseFloat} gives it, or
     * {@link #NOT_SHORT} when it is not short enough for the fast path.
     */
    public static float parse(char[] text, int offset, int length) {
        int at = offset;
        int end = offset + length;
        boolean negative = at < end && text[at] == '-';
        if (negative) {
            at++;
        }
        int mantissa = 0;
        int exponent = 0;
        boolean fraction = false;
        for (; at < end; at++) {
            char c = text[at];
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa > MAX_EXACT) {
                    return NOT_SHORT;
                }
                if (fraction) {
                    exponent--;
                }
            } else if (c == '.' && !fraction) {
                fraction = true;
            } else {
                break;
            }
        }
        if (at < end) {
            char c = text[at];
            if (c != 'e' && c != 'E') {
                return NOT_SHORT;
            }
            at++;
            boolean negativeExponent = at < end && text[at] == '-';
            if (at < end && (text[at] == '-' || text[at] == '+')) {
                at++;
            }
            int written = 0;
            int digits = 0;
            for (; at < end; at++, digits++) {
                char d = text[at];
                if (d < '0' || d > '9' || written > 1_000) {
                    return NOT_SHORT;
                }
                written = written * 10 + (d - '0');
            }
            if (digits == 0) {
                return NOT_SHORT;
            }
            exponent += negativeExponent ? -written : written;
        }
        float value;
        if (mantissa == 0) {
            value = 0f;
        } else if (exponent >= 0 && exponent <= MAX_POWER) {
            value = mantissa * POWERS[exponent];
        } else if (exponent < 0 && exponent >= -MAX_POWER) {
            value = mantissa / POWERS[-exponent];
        } else {
            return NOT_SHORT;
        }
        return negative ? -value : value;
    }
}
