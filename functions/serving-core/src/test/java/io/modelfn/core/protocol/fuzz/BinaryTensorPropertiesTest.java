package io.modelfn.core.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.model.DataType;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.oip.BinaryTensorData;
import io.modelfn.core.protocol.oip.BinaryTensorExtension;
import io.modelfn.core.protocol.oip.EncodedInferResponse;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.oip.OipInferRequest;
import io.modelfn.core.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the binary tensor data extension (jqwik): random tensors of every datatype cross
 * the binary framing bit for bit, as request inputs and as answer outputs; and a framing mutated at
 * random (its header length, its sizes, its bytes cut, grown or flipped) decodes to tensors consistent
 * with their shapes or is refused with {@link MalformedRequestException} (a 400), never anything else.
 */
class BinaryTensorPropertiesTest {

    private static final OipCodec OIP = new OipCodec();

    /** A tensor's binary bytes (what a client's numpy {@code tobytes()} would send) with its type and shape. */
    record Binary(DataType type, long[] shape, byte[] bytes) {
        long count() {
            return Tensor.elementCount(shape);
        }
    }

    @Provide
    Arbitrary<long[]> shapes() {
        return Arbitraries.longs().between(0, 6).array(long[].class).ofMaxSize(3);
    }

    /** Random bits of every fixed-size type (any NaN payload included); BOOL as 0 and 1; BYTES as framed UTF-8 text. */
    @Provide
    Arbitrary<Binary> binaries() {
        return Combinators.combine(Arbitraries.of(DataType.class), shapes()).flatAs((type, shape) -> {
            int n = (int) Tensor.elementCount(shape);
            if (type == DataType.BYTES) {
                return Arbitraries.strings().ofMaxLength(12).list().ofSize(n).map(strings -> {
                    // Text as a BYTES tensor holds it: lone surrogates are not text.
                    Tensor t = Tensor.of("x", type, shape, strings.stream().map(BinaryTensorPropertiesTest::wellFormed)
                            .toArray(String[]::new));
                    byte[] bytes = new byte[(int) BinaryTensorData.size(t)];
                    BinaryTensorData.write(t, bytes, 0);
                    return new Binary(type, shape, bytes);
                });
            }
            if (type == DataType.BOOL) {
                return Arbitraries.integers().between(0, 1).list().ofSize(n).map(bits -> {
                    byte[] bytes = new byte[n];
                    for (int i = 0; i < n; i++) {
                        bytes[i] = (byte) (int) bits.get(i);
                    }
                    return new Binary(type, shape, bytes);
                });
            }
            return Arbitraries.bytes().array(byte[].class).ofSize(n * type.byteSize()).map(b -> new Binary(type, shape, b));
        });
    }

    private static String wellFormed(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static String shapeJson(long[] shape) {
        return Arrays.toString(shape).replace(" ", "");
    }

    /** A whole request body and its JSON part. */
    record Framed(byte[] body, byte[] header) {
    }

    /** A request whose inputs all come in binary, framed as a Triton client frames it. */
    private static Framed request(List<Binary> inputs) {
        StringBuilder json = new StringBuilder("{\"inputs\":[");
        int total = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Binary b = inputs.get(i);
            json.append(i == 0 ? "" : ",").append("{\"name\":\"in").append(i).append("\",\"datatype\":\"")
                    .append(b.type().oipName()).append("\",\"shape\":").append(shapeJson(b.shape()))
                    .append(",\"parameters\":{\"binary_data_size\":").append(b.bytes().length).append("}}");
            total += b.bytes().length;
        }
        byte[] header = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(header, header.length + total);
        int at = header.length;
        for (Binary b : inputs) {
            System.arraycopy(b.bytes(), 0, body, at, b.bytes().length);
            at += b.bytes().length;
        }
        return new Framed(body, header);
    }

    private static byte[] bytesOf(Tensor t) {
        byte[] bytes = new byte[(int) BinaryTensorData.size(t)];
        assertThat(BinaryTensorData.write(t, bytes, 0)).isEqualTo(bytes.length);
        return bytes;
    }

    @Property
    void binary_inputs_of_every_datatype_should_decode_to_exactly_the_values_their_bytes_hold(
            @ForAll("binaries") Binary first, @ForAll("binaries") Binary second) {
        // GIVEN two inputs in binary
        Framed framed = request(List.of(first, second));

        // WHEN decoded
        OipInferRequest decoded = OIP.decodeInferRequest(framed.body(), framed.header().length);

        // THEN each tensor has its type and shape, and writes back the very bytes it came from
        List<Binary> sent = List.of(first, second);
        for (int i = 0; i < 2; i++) {
            Tensor t = decoded.inputs().get("in" + i);
            assertThat(t.dataType()).isEqualTo(sent.get(i).type());
            assertThat(t.shape()).containsExactly(sent.get(i).shape());
            assertThat(bytesOf(t)).isEqualTo(sent.get(i).bytes());
        }
    }

    @Property
    void binary_outputs_of_every_datatype_should_carry_exactly_the_tensor_values(
            @ForAll("binaries") Binary first, @ForAll("binaries") Binary second, @ForAll boolean secondInBinary)
            throws Exception {
        // GIVEN two output tensors (the first in binary, the second in binary or JSON)
        Tensor a = BinaryTensorData.read("a", first.type(), first.shape(), first.bytes(), 0, first.bytes().length);
        Tensor b = BinaryTensorData.read("b", second.type(), second.shape(), second.bytes(), 0, second.bytes().length);

        // WHEN encoded as an answer
        EncodedInferResponse response = OIP.encodeInferResponse("m", "1", null, Map.of(), List.of(a, b),
                name -> name.equals("a") || secondInBinary);

        // THEN the JSON part gives each binary output's size, and the bytes after it are the tensors' own bytes
        JsonNode outputs = Json.MAPPER.readTree(Arrays.copyOf(response.bytes(), response.headerLength())).path("outputs");
        int at = response.headerLength();
        for (Tensor t : secondInBinary ? List.of(a, b) : List.of(a)) {
            JsonNode output = outputs.get(t.name().equals("a") ? 0 : 1);
            int size = output.path("parameters").path(BinaryTensorExtension.DATA_SIZE).asInt();
            assertThat(output.path("datatype").asText()).isEqualTo(t.dataType().oipName());
            assertThat(Arrays.copyOfRange(response.bytes(), at, at + size)).isEqualTo(bytesOf(t));
            Tensor back = BinaryTensorData.read(t.name(), t.dataType(), t.shape(), response.bytes(), at, size);
            assertThat(bytesOf(back)).isEqualTo(bytesOf(t));
            at += size;
        }
        assertThat(at).isEqualTo(response.bytes().length);
    }

    /** How a framing is broken. */
    enum Mutation { HEADER_LENGTH, SIZE, CUT, GROW, FLIP, SHAPE }

    @Property
    void mutated_framings_should_decode_consistently_or_be_refused_as_malformed(
            @ForAll("binaries") Binary first, @ForAll("binaries") Binary second, @ForAll Mutation mutation,
            @ForAll @IntRange(min = 0, max = 1 << 16) int where, @ForAll @IntRange(min = -64, max = 64) int by) {
        Framed framed = request(List.of(first, second));
        byte[] body = framed.body();
        int headerLength = framed.header().length;
        String header = new String(framed.header(), StandardCharsets.UTF_8);
        switch (mutation) {
            case HEADER_LENGTH -> headerLength = Math.max(0, Math.min(body.length, headerLength + by));
            case SIZE -> {
                String target = "\"binary_data_size\":" + (where % 2 == 0 ? first : second).bytes().length;
                int index = where % 2 == 0 ? header.indexOf(target) : header.lastIndexOf(target);
                String mutated = header.substring(0, index) + "\"binary_data_size\":"
                        + Math.max(0, (where % 2 == 0 ? first : second).bytes().length + by)
                        + header.substring(index + target.length());
                byte[] h = mutated.getBytes(StandardCharsets.UTF_8);
                byte[] rest = Arrays.copyOfRange(body, headerLength, body.length);
                body = Arrays.copyOf(h, h.length + rest.length);
                System.arraycopy(rest, 0, body, h.length, rest.length);
                headerLength = h.length;
            }
            case CUT -> body = Arrays.copyOf(body, Math.max(headerLength, body.length - Math.abs(by)));
            case GROW -> body = Arrays.copyOf(body, body.length + Math.abs(by));
            case FLIP -> {
                if (body.length > 0) {
                    body = body.clone();
                    body[where % body.length] ^= (byte) (1 << (Math.abs(by) % 8));
                }
            }
            case SHAPE -> {
                String mutated = header.replaceFirst("\"shape\":\\[[0-9,]*\\]", "\"shape\":[" + (where % 9) + "," + Math.abs(by) + "]");
                byte[] h = mutated.getBytes(StandardCharsets.UTF_8);
                byte[] rest = Arrays.copyOfRange(body, headerLength, body.length);
                body = Arrays.copyOf(h, h.length + rest.length);
                System.arraycopy(rest, 0, body, h.length, rest.length);
                headerLength = h.length;
            }
        }
        try {
            OipInferRequest decoded = OIP.decodeInferRequest(body, headerLength);
            int binaryBytes = 0;
            for (Tensor t : decoded.inputs().values()) {
                assertThat((long) t.size()).isEqualTo(Tensor.elementCount(t.shape()));
                binaryBytes += (int) BinaryTensorData.size(t);
            }
            // Accepted only when the binary part is exactly what the inputs took.
            assertThat(binaryBytes).isEqualTo(body.length - headerLength);
        } catch (MalformedRequestException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Property
    void header_lengths_should_parse_or_be_refused_as_malformed(@ForAll String value, @ForAll @IntRange(max = 1000) int body) {
        try {
            int length = BinaryTensorExtension.headerLength(value, body);
            assertThat(length).isBetween(0, body);
            assertThat(Long.parseLong(value.trim())).isEqualTo(length);
        } catch (MalformedRequestException refused) {
            assertThat(refused.getMessage()).startsWith(BinaryTensorExtension.HEADER);
        }
    }

    @Property
    void arbitrary_bytes_after_a_valid_json_part_should_decode_or_be_refused_as_malformed(
            @ForAll("binaries") Binary input, @ForAll byte[] noise, @ForAll @IntRange(max = 3) int count) {
        // GIVEN a JSON part announcing one binary input, followed by arbitrary bytes
        List<Binary> inputs = new ArrayList<>();
        for (int i = 0; i <= count; i++) {
            inputs.add(input);
        }
        byte[] header = request(inputs).header();
        byte[] body = Arrays.copyOf(header, header.length + noise.length);
        System.arraycopy(noise, 0, body, header.length, noise.length);
        try {
            OIP.decodeInferRequest(body, header.length);
        } catch (MalformedRequestException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
