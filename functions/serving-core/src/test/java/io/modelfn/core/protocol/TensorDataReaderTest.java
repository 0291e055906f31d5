package io.modelfn.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import io.modelfn.core.model.DataType;
import io.modelfn.core.tensor.Tensor;
import java.io.IOException;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** Reading tensor data straight from a parser, apart from any protocol. */
class TensorDataReaderTest {

    private static Tensor read(String json, DataType type, long... shape) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            p.nextToken();
            return TensorDataReader.read(p, "t", type, shape);
        }
    }

    @Test
    void read_should_refuse_a_parser_that_is_not_on_an_array() {
        // WHEN the parser stands on an object THEN the data is refused
        assertThatThrownBy(() -> read("{\"a\": 1}", DataType.FP32, 1))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("data of tensor 't' must be a JSON array");
    }

    @Test
    void read_should_keep_every_value_when_the_array_grows_past_its_first_allocation() throws IOException {
        // GIVEN 5,000 distinct values (the reader starts with at most 1,024 slots)
        StringJoiner data = new StringJoiner(",", "[", "]");
        long[] expected = new long[5_000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i * 3L - 7;
            data.add(Long.toString(expected[i]));
        }

        // WHEN read as [50, 100] INT64
        Tensor tensor = read(data.toString(), DataType.INT64, 50, 100);

        // THEN every value is there, in order, and the array has no spare slots
        assertThat(tensor.longs()).containsExactly(expected);
        assertThat(tensor.size()).isEqualTo(5_000);
    }

    @Test
    void read_should_not_allocate_what_a_shape_claims_before_the_values_arrive() {
        // GIVEN a shape claiming two billion FP64 values (16 GB) but data holding three
        String data = "[1, 2, 3]";

        // WHEN read THEN the count mismatch is reported rather than memory being exhausted
        assertThatThrownBy(() -> read(data, DataType.FP64, 2_000_000_000L))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("has 3 values but its shape [2000000000] needs 2000000000");
    }

    @Test
    void read_should_store_fp16_values_as_ieee_half_precision_bits() throws IOException {
        // GIVEN FP16 data including a value half precision rounds
        Tensor tensor = read("[1.0, -0.5, 0.1, 65504]", DataType.FP16, 4);

        // THEN the shorts are the half-precision encodings
        assertThat(tensor.shorts()).containsExactly(
                (short) 0x3c00, (short) 0xb800, Float.floatToFloat16(0.1f), (short) 0x7bff);
    }

    @Test
    void read_should_leave_the_parser_after_the_array_it_read() throws IOException {
        // GIVEN an array followed by more content
        try (JsonParser p = Json.FACTORY.createParser("[[1, 2], [3, 4]] 99")) {
            p.nextToken();

            // WHEN the array is read
            Tensor tensor = TensorDataReader.read(p, "t", DataType.INT32, new long[] {2, 2});

            // THEN the next token is what followed it
            assertThat(tensor.ints()).containsExactly(1, 2, 3, 4);
            assertThat(p.nextToken().isNumeric()).isTrue();
            assertThat(p.getIntValue()).isEqualTo(99);
        }
    }
}
