package io.modelfn.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.cli.admin.AdminJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {

    private static JsonNode json(String text) throws Exception {
        return AdminJson.mapper().readTree(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.910, 0.91", "45, 45", "1E-7, 0.0000001", "0.0, 0", "-0.50, -0.5"})
    void number_should_printPlainWithoutTrailingZeros_when_givenAnyNumber(String number, String text) throws Exception {
        assertThat(Values.number(json(number))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.18, +0.18", "-0.02, -0.02", "0, 0", "null, -"})
    void delta_should_carryItsSign_when_nonZero(String number, String text) {
        assertThat(Values.delta(number.equals("null") ? null : Double.valueOf(number))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} bp -> {1}")
    @CsvSource({"9000, 90%", "10000, 100%", "333, 3.33%", "1, 0.01%", "0, 0%"})
    void share_should_readBasisPointsAsPercent_when_givenWeight(String basisPoints, String text) {
        assertThat(Values.share(Long.parseLong(basisPoints))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"505, 505 B", "1132, 1.1 KiB", "25752692, 24.6 MiB"})
    void bytes_should_useBinaryUnits_when_givenSize(String size, String text) {
        assertThat(Values.bytes(Long.parseLong(size))).isEqualTo(text);
    }

    @Test
    void text_should_readDash_when_valueMissingOrNull() throws Exception {
        JsonNode node = json("{\"a\":null}");
        assertThat(Values.text(node.get("a"))).isEqualTo("-");
        assertThat(Values.text(node.path("b"))).isEqualTo("-");
        assertThat(Values.text((Object) null)).isEqualTo("-");
        assertThat(Values.text(45.0)).isEqualTo("45");
    }

    @Test
    void printTo_should_alignColumnsWithoutTrailingSpaces_when_cellsDifferInWidth() {
        // GIVEN
        TextTable table = TextTable.withColumns("NAME", "COUNT", "NOTE").rightAligned(1)
                .row("iris", 2, "")
                .row("wide-mlp", 10, "heavy");
        StringWriter out = new StringWriter();

        // WHEN
        table.printTo(new PrintWriter(out));

        // THEN
        assertThat(out.toString()).isEqualTo("""
                NAME      COUNT  NOTE
                iris          2  -
                wide-mlp     10  heavy
                """);
    }
}
