package io.modelfn.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The request log line and request ids are built without printf or the secure random generator
 * (both showed in the profile of a warm request); these prove they still read as before.
 */
class RequestLogFormattingTest {

    @Test
    void decimals_should_print_what_printf_prints_when_given_latencies() {
        // GIVEN latencies of every magnitude a request can take, some rounding up to the next unit
        double[] values = {0, 0.0004, 0.0006, 0.049, 0.051, 0.123456, 0.99951, 1, 9.99951, 12.54, 250.26, 99_999.9999};
        for (double value : values) {
            // WHEN formatted with 1 and 3 decimals
            // THEN the text equals String.format's
            assertThat(RequestLog.decimals(value, 3)).as("%s with 3 decimals", value)
                    .isEqualTo(String.format(Locale.ROOT, "%.3f", value));
            assertThat(RequestLog.decimals(value, 1)).as("%s with 1 decimal", value)
                    .isEqualTo(String.format(Locale.ROOT, "%.1f", value));
        }
    }

    @Test
    void decimals_should_agree_with_printf_when_given_random_latencies() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 10_000; i++) {
            double value = random.nextDouble() * Math.pow(10, random.nextInt(-3, 6));
            String expected = String.format(Locale.ROOT, "%.3f", value);
            String actual = RequestLog.decimals(value, 3);
            // Rounding half up on the binary value and on its decimal expansion can differ in the last digit.
            assertThat(Math.abs(Double.parseDouble(actual) - Double.parseDouble(expected))).as("%s", value)
                    .isLessThanOrEqualTo(0.0010001);
        }
    }

    @Test
    void newRequestId_should_be_a_unique_version_4_uuid_when_drawn_many_times() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = RequestContext.newRequestId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(RequestContext.requestIdFor(null)).hasSize(36);
            ids.add(id);
        }
        assertThat(ids).hasSize(100_000);
    }

    @Test
    void requestIdFor_should_keep_the_callers_id_when_it_is_a_safe_token() {
        assertThat(RequestContext.requestIdFor("abc-123:x.y_z")).isEqualTo("abc-123:x.y_z");
        assertThat(RequestContext.requestIdFor("has space")).isNotEqualTo("has space").hasSize(36);
    }
}
