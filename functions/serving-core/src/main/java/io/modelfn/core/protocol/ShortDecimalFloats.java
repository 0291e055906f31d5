package io.modelfn.core.protocol;

/**
 * FP32 values from the text of JSON numbers of up to 18 digits, exactly as {@link Float#parseFloat} reads them,
 * without the general parser. Most tensor data is written either with a handful of digits ({@code 5.1},
 * {@code 0.0625}, {@code 13}) or as a float widened to a double by the client ({@code 7.300000190734863}, what
 * Python's {@code json} writes for a NumPy {@code float32}).
 *
 * <p>Two ways, both exact. When the digits, read as one integer {@code m}, are at most 2<sup>24</sup> and the
 * decimal exponent {@code e} is at most 10 in size, both {@code m} and 10<sup>|e|</sup> are exact {@code float}s,
 * so one {@code float} multiplication or division, correctly rounded by IEEE 754, is the correctly rounded value
 * (Clinger's fast path). Otherwise, with {@code m} below 10<sup>18</sup> and {@code |e|} at most 22, the same
 * operation in {@code double} ({@code m} rounded to a double, 10<sup>|e|</sup> exact) is within two units in the
 * last place of the decimal's value {@code x}. The value rounds to a float as {@code x} does unless a midpoint
 * between two adjacent floats lies between them; a midpoint is a {@code double} whose last 29 bits are
 * 2<sup>28</sup>, so a result whose last 29 bits are more than four away from 2<sup>28</sup> rounds to the same
 * float as {@code x}, and any other result (one in about 60 million) goes to the general parser, as does
 * everything else ({@link #NOT_SHORT}): more digits, a larger exponent, a value outside the normal floats.
 *
 * <p>The text must be a JSON number (the parser's token has checked its grammar).
 */
public final class ShortDecimalFloats {

    /** What {@link #parse} answers for text off the fast path; no JSON number reads as NaN. */
    public static final float NOT_SHORT = Float.NaN;

    private static final int MAX_EXACT = 1 << 24;
    private static final int MAX_POWER = 10;
    private static final float[] POWERS = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    /** Below 10^18, so one more digit cannot overflow a long. */
    private static final long MAX_WIDE = 1_000_000_000_000_000_000L;
    private static final int MAX_WIDE_POWER = 22;
    /** 10^0 to 10^22, each an exact double. */
    private static final double[] WIDE_POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
            1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    /** The bits of a double below a float's last place, and the pattern of a midpoint between two floats there. */
    private static final long BELOW_FLOAT = (1L << 29) - 1;
    private static final long MIDPOINT = 1L << 28;
    /** How near a midpoint, in units of the double's last place, a result is too near to decide. */
    private static final long MIDPOINT_MARGIN = 4;

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
        long mantissa = 0;
        int exponent = 0;
        boolean fraction = false;
        for (; at < end; at++) {
            char c = text[at];
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa >= MAX_WIDE) {
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
        return of(mantissa, exponent, negative);
    }

    /**
     * The value of {@code ±mantissa × 10^exponent} as {@link Float#parseFloat} gives it for that decimal, or
     * {@link #NOT_SHORT} when it is not short enough for the fast path.
     *
     * @param mantissa the decimal's digits read as one integer, below 10<sup>18</sup>
     */
    public static float of(long mantissa, int exponent, boolean negative) {
        if (mantissa < 0 || mantissa >= MAX_WIDE) {
            return NOT_SHORT;
        }
        float value;
        if (mantissa == 0) {
            value = 0f;
        } else if (mantissa <= MAX_EXACT && exponent >= 0 && exponent <= MAX_POWER) {
            value = mantissa * POWERS[exponent];
        } else if (mantissa <= MAX_EXACT && exponent < 0 && exponent >= -MAX_POWER) {
            value = mantissa / POWERS[-exponent];
        } else {
            value = wide(mantissa, exponent);
        }
        return negative ? -value : value;
    }

    /** The float nearest {@code mantissa × 10^exponent} by way of a double, or NOT_SHORT where that is not sure. */
    private static float wide(long mantissa, int exponent) {
        double value;
        if (exponent >= 0 && exponent <= MAX_WIDE_POWER) {
            value = mantissa * WIDE_POWERS[exponent];
        } else if (exponent < 0 && exponent >= -MAX_WIDE_POWER) {
            value = mantissa / WIDE_POWERS[-exponent];
        } else {
            return NOT_SHORT;
        }
        if (value < Float.MIN_NORMAL || value > Float.MAX_VALUE) {
            return NOT_SHORT;
        }
        long below = Double.doubleToRawLongBits(value) & BELOW_FLOAT;
        if (Math.abs(below - MIDPOINT) <= MIDPOINT_MARGIN) {
            return NOT_SHORT;
        }
        return (float) value;
    }
}
