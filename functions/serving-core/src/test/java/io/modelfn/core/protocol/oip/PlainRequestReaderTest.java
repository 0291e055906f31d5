package io.modelfn.core.protocol.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.modelfn.core.protocol.MalformedRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plain request reader against the parser path it stands in for: whatever it takes, it takes as that path
 * decodes it, value for value; whatever that path refuses, it declines.
 */
class PlainRequestReaderTest {

    private final OipCodec codec = new OipCodec();

    private static OipInferRequest plain(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return PlainRequestReader.read(bytes, bytes.length);
    }

    /** The parser path's answer: the request, or the exception it throws. */
    private Object parsed(byte[] body) {
        try {
            return codec.decodeWithParser(body, body.length);
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void assertSameAsParser(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OipInferRequest read = PlainRequestReader.read(bytes, bytes.length);
        assertThat(read).as("taken: %s", body).isNotNull();
        assertThat(parsed(bytes)).as("the parser path on %s", body).isEqualTo(read);
        assertThat(List.copyOf(read.inputs().keySet())).isEqualTo(List.copyOf(
                codec.decodeWithParser(bytes, bytes.length).inputs().keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"a\",\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[2,2],\"data\":[1,2.5,-3,4e2]}]}",
        // fields in any order (data last, as the parser path reads it directly then), whitespace of every kind
        " \n{ \"inputs\" : [ { \"shape\":[4],\"datatype\":\"FP32\",\"name\":\"x\",\t\"data\" : [ 0.1 , -0 , 1E+3 , 2.5e-3 ] } ] ,"
                + " \"id\" : \"\" }\r\n",
        // requested outputs, as the Triton client writes them
        "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,2],\"datatype\":\"FP32\",\"data\":[1,2]}],"
                + "\"outputs\":[{\"name\":\"label\",\"parameters\":{\"binary_data\":false}},{\"name\":\"p\"},"
                + "{\"parameters\" : { \"binary_data\" : true } , \"name\":\"\"}]}",
        "{\"outputs\":[],\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}",
        // nested as the shape, and a scalar
        "{\"inputs\":[{\"name\":\"m\",\"datatype\":\"FP32\",\"shape\":[2,3],\"data\":[[1,2,3],[4,5,6]]},"
                + "{\"name\":\"s\",\"datatype\":\"FP32\",\"shape\":[],\"data\":[7]}]}",
        "{\"inputs\":[{\"name\":\"t\",\"datatype\":\"FP32\",\"shape\":[1,2,2],\"data\":[[[1,2],[3,4]]]}]}",
        // widened floats, as Python's json writes a NumPy float32, and values near the ends of the fast path
        "{\"inputs\":[{\"name\":\"w\",\"datatype\":\"FP32\",\"shape\":[4],"
                + "\"data\":[7.300000190734863,1.399999976158142,3.4e21,1.5e-20]}]}"
    })
    void read_should_take_plain_requests_as_the_parser_path_decodes_them(String body) {
        assertSameAsParser(body);
    }

    @Test
    void read_should_take_every_sample_request() throws IOException {
        // GIVEN the sample requests the benchmarks and the harness send
        Path samples = Path.of("../../samples/requests");
        List<Path> files = new ArrayList<>();
        try (var list = Files.list(samples)) {
            list.filter(p -> p.getFileName().toString().startsWith("oip-infer-")).forEach(files::add);
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            byte[] body;
            try (InputStream in = Files.newInputStream(file)) {
                body = in.readAllBytes();
            }
            // WHEN the reader reads each THEN it takes it, as the parser path decodes it
            OipInferRequest read = PlainRequestReader.read(body, body.length);
            assertThat(read).as(file.toString()).isNotNull();
            assertThat(parsed(body)).as(file.toString()).isEqualTo(read);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // fields, types and features the reader leaves to the parser
        "{\"parameters\":{},\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],"
                + "\"outputs\":[{\"name\":\"y\",\"parameters\":{\"classification\":2}}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],"
                + "\"outputs\":[{\"name\":\"y\",\"parameters\":{}}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],"
                + "\"outputs\":[{\"name\":\"y\",\"parameters\":{\"binary_data\":\"no\"}}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],"
                + "\"outputs\":[{\"name\":\"y\",\"parameters\":{\"binary_data\":true,\"binary_data\":false}}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],"
                + "\"outputs\":[{\"name\":\"y\"},{\"name\":\"y\"}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],"
                + "\"outputs\":[{\"name\":\"y\",\"name\":\"z\"}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],"
                + "\"outputs\":[{\"name\":\"y\",\"parameters\":{\"data\":true}}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],"
                + "\"outputs\":[{\"parameters\":{\"binary_data\":true}}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1],\"parameters\":{}}]}",
        "{\"inputs\":[{\"name\":\"\\u0078\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"é\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1e-50]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1234567890123456789]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[0],\"data\":[]}]}",
        // data before its name or type: the parser path reads it from a buffer
        "{\"inputs\":[{\"data\":[-0],\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1]}]}",
        "{\"inputs\":[{\"shape\":[1],\"data\":[-0],\"name\":\"x\",\"datatype\":\"FP32\"}]}",
        "\uFEFF{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
        // what the parser path refuses
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[01]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1.]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[.5]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[+1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1e]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[NaN]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[3.5e38]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1,]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1,2]}]}x",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1,2]}],}",
        "{\"inputs\":[{\"name\":\"x\",\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]},"
                + "{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2,2],\"data\":[[1,2],[3]]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2,2],\"data\":[[1,2],3,4]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[4],\"data\":[[1,2],[3,4]]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2,2,1],\"data\":[[1,2],[3,4]]}]}",
        // ragged though its first arrays and its count fit the shape; values at two depths
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[3,2],\"data\":[[1,2],[3],[4,5,6]]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2,2],\"data\":[[[1],[2]],[3,4]]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[3],\"data\":[1,2]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[01],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[]}",
        "{\"id\":7,\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}{}"
    })
    void read_should_decline_what_it_does_not_take(String body) {
        // WHEN the reader meets it THEN it declines, and the codec answers as its parser path does
        assertThat(plain(body)).isNull();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Object byParser = parsed(bytes);
        Object byCodec;
        try {
            byCodec = codec.decodeInferRequest(bytes);
        } catch (RuntimeException e) {
            byCodec = e;
        }
        if (byParser instanceof RuntimeException refused) {
            assertThat(byCodec).isInstanceOf(refused.getClass());
            assertThat(((RuntimeException) byCodec).getMessage()).isEqualTo(refused.getMessage());
        } else {
            assertThat(byCodec).isEqualTo(byParser);
        }
    }

    @Test
    void read_should_agree_with_the_parser_path_on_random_and_mutated_requests() {
        // GIVEN random requests in the shapes clients send and in many they should not, and mutations of plain ones
        Random random = new Random(20261207L);
        int taken = 0;
        int takenUnmutated = 0;
        int unmutated = 0;
        for (int i = 0; i < 40_000; i++) {
            byte[] body = RandomRequests.request(random).getBytes(StandardCharsets.UTF_8);
            boolean mutate = random.nextBoolean();
            if (mutate) {
                // Mutations of requests the reader takes: the edits that matter are those near its edges.
                while (PlainRequestReader.read(body, body.length) == null) {
                    body = RandomRequests.request(random).getBytes(StandardCharsets.UTF_8);
                }
                body = RandomRequests.mutate(random, body);
            } else {
                unmutated++;
            }
            // WHEN the reader and the parser path read the same bytes
            OipInferRequest read = PlainRequestReader.read(body, body.length);
            if (read == null) {
                continue;
            }
            // THEN what the reader takes, the parser path decodes to the same request, in the same order
            Object byParser = parsed(body);
            assertThat(byParser).as("the parser path on %s", new String(body, StandardCharsets.UTF_8))
                    .isNotInstanceOf(MalformedRequestException.class)
                    .isEqualTo(read);
            assertThat(List.copyOf(read.inputs().keySet()))
                    .isEqualTo(List.copyOf(((OipInferRequest) byParser).inputs().keySet()));
            taken++;
            if (!mutate) {
                takenUnmutated++;
            }
        }
        // AND the run exercised the reader, on clean requests and on mutated ones that stayed plain
        assertThat(takenUnmutated).isGreaterThan(unmutated / 10);
        assertThat(taken - takenUnmutated).isGreaterThan(1_000);
    }

    @Test
    void read_should_decline_data_nested_far_deeper_than_any_shape_without_following_it_down() {
        // GIVEN data nested a hundred thousand arrays deep (the parser refuses past 40)
        int depth = 100_000;
        String body = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":"
                + "[".repeat(depth) + "1" + "]".repeat(depth) + "}]}";

        // WHEN the reader meets it THEN it declines at the shape's depth, not at the stack's
        assertThat(plain(body)).isNull();
    }

    @Test
    void read_should_decline_a_request_the_parser_refuses_even_where_every_value_is_plain() {
        // GIVEN a body whose values are all plain but whose number is longer than the parser allows
        String zeros = "0." + "0".repeat(70);
        String body = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[" + zeros + "]}]}";

        // WHEN both read it THEN the parser path refuses it and the reader declines it
        assertThat(catchThrowable(() -> codec.decodeWithParser(body.getBytes(StandardCharsets.UTF_8),
                body.length()))).isInstanceOf(MalformedRequestException.class);
        assertThat(plain(body)).isNull();
    }
}
