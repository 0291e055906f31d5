package io.modelfn.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShortDecimalFloatsTest {

    @ParameterizedTest
    @ValueSource(strings = {"5.1", "0.0625", "13", "0", "-0", "-0.0", "0.0e7", "3.4", "-2.75", "16777216", "1e10", "1E-10",
            "7.0e+3", "123.456", "0.1", "0.3", "16777.215", "-9.999999e-4", "2.5e-3", "1.1754943e-3", "16777218", "0.123456789",
            "1e11", "1e-11", "0.000000000001", "7.300000190734863", "2.9000000953674316", "1.7999999523162842",
            "-0.0012345678901234567", "3.4028234e22", "1.17549435e-8"})
    void short_numbers_should_read_as_float_parse_float_reads_them(String text) {
        // WHEN a short JSON number is read on the fast path
        float read = parse(text);

        // THEN it is the same float, bit for bit (signed zeros included)
        assertThat(read).isNotNaN();
        assertThat(Float.floatToRawIntBits(read)).as(text).isEqualTo(Float.floatToRawIntBits(Float.parseFloat(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"16777217", "1234567890123456789", "123456789012345678901234567890", "1e99999999999", "1e23",
            "5e-23", "3.4028235e38", "1.4e-45", "0.000000000000000000000001", "1.0000000000000000000"})
    void numbers_off_the_fast_path_should_be_left_to_the_general_parser(String text) {
        // WHEN a number with more than 18 digits, a power of ten past 10^22, a value outside the normal floats, or an
        // exact midpoint between two floats (16777217) is read
        // THEN the fast path declines it
        assertThat(parse(text)).as(text).isNaN();
    }

    @Test
    void random_decimals_should_read_as_float_parse_float_reads_them_whenever_the_fast_path_answers() {
        // GIVEN a million JSON numbers of 1 to 10 digits, the point anywhere, with and without exponents
        Random random = new Random(20261206);
        int answered = 0;
        for (int i = 0; i < 1_000_000; i++) {
            String text = decimal(random);

            // WHEN each is read
            float read = parse(text);

            // THEN where the fast path answers, it is Float.parseFloat's float, bit for bit
            if (!Float.isNaN(read)) {
                answered++;
                assertThat(Float.floatToRawIntBits(read)).as(text).isEqualTo(Float.floatToRawIntBits(Float.parseFloat(text)));
            }
        }
        // AND it answers most of them (the test would prove nothing if it declined everything)
        assertThat(answered).isGreaterThan(500_000);
    }

    @Test
    void floats_widened_to_doubles_should_read_as_float_parse_float_reads_them() {
        // GIVEN a million floats of every normal magnitude written as their double's shortest text, as a client that
        // widens float32 to a double writes them (Python's json for NumPy's float32: 7.300000190734863)
        Random random = new Random(20261207);
        int answered = 0;
        for (int i = 0; i < 1_000_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt(0x00800000, 0x7f800000));
            float value = random.nextBoolean() ? f : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-8, 9)));
            String text = Double.toString(value);

            // WHEN each is read
            float read = parse(text);

            // THEN where the fast path answers, it is the float itself, bit for bit
            if (!Float.isNaN(read)) {
                answered++;
                assertThat(Float.floatToRawIntBits(read)).as(text).isEqualTo(Float.floatToRawIntBits(Float.parseFloat(text)));
            }
        }
        // AND it answers those within 10^22 of 1 (the random bit patterns' other magnitudes go to the general parser)
        assertThat(answered).isGreaterThan(700_000);
    }

    @Test
    void decimals_next_to_a_midpoint_between_two_floats_should_round_as_float_parse_float_rounds_them() {
        // GIVEN the exact midpoints between adjacent floats, cut to 9 to 18 digits downwards and upwards: decimals a
        // hair on either side of the point where rounding turns, and a few exactly on it
        Random random = new Random(7);
        int answered = 0;
        int declined = 0;
        for (int i = 0; i < 200_000; i++) {
            float f = (float) (random.nextDouble() * Math.pow(10, random.nextInt(-12, 13)));
            if (f < Float.MIN_NORMAL) {
                continue;
            }
            java.math.BigDecimal midpoint = new java.math.BigDecimal(f)
                    .add(new java.math.BigDecimal(Math.nextUp(f))).divide(java.math.BigDecimal.valueOf(2));
            int digits = 9 + random.nextInt(10);
            java.math.RoundingMode mode = random.nextBoolean() ? java.math.RoundingMode.DOWN : java.math.RoundingMode.UP;
            String text = midpoint.round(new java.math.MathContext(digits, mode)).toString();

            // WHEN each is read
            float read = parse(text);

            // THEN where the fast path answers, it is Float.parseFloat's float, bit for bit
            if (Float.isNaN(read)) {
                declined++;
            } else {
                answered++;
                assertThat(Float.floatToRawIntBits(read)).as(text).isEqualTo(Float.floatToRawIntBits(Float.parseFloat(text)));
            }
        }
        // AND both ways were taken: most answered, and those too near a midpoint to decide declined
        assertThat(answered).isGreaterThan(50_000);
        assertThat(declined).isGreaterThan(1_000);
    }

    private static String decimal(Random random) {
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append('-');
        }
        int digits = 1 + random.nextInt(10);
        String number = Long.toString(random.nextLong(1, (long) Math.pow(10, digits)));
        int point = random.nextInt(number.length() + 1);
        if (point == 0) {
            text.append("0.").append(number);
        } else if (point == number.length()) {
            text.append(number);
        } else {
            text.append(number, 0, point).append('.').append(number, point, number.length());
        }
        if (random.nextInt(4) == 0) {
            text.append(random.nextBoolean() ? 'e' : 'E');
            int exponent = random.nextInt(31) - 15;
            text.append(exponent >= 0 && random.nextBoolean() ? "+" : "").append(exponent);
        }
        return text.toString();
    }

    private static float parse(String text) {
        char[] padded = ("[" + text + "]").toCharArray();
        return ShortDecimalFloats.parse(padded, 1, text.length());
    }
}
