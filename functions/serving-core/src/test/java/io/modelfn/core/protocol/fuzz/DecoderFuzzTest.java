package io.modelfn.core.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.prediction.InputValidator;
import io.modelfn.core.prediction.InvalidInputException;
import io.modelfn.core.protocol.BodyReader;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.PayloadTooLargeException;
import io.modelfn.core.protocol.UnsupportedContentTypeException;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.oip.OipInferRequest;
import io.modelfn.core.protocol.sagemaker.SageMakerCodec;
import io.modelfn.core.protocol.simple.SimpleJsonCodec;
import io.modelfn.core.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based fuzzing of every request decoder (jqwik): arbitrary bytes, arbitrary text, valid
 * requests with random mutations and requests generated from a grammar of hostile values. Whatever
 * comes in, a decoder either returns tensors that are consistent with their shapes, or refuses with
 * one of its documented exceptions ({@link MalformedRequestException},
 * {@link UnsupportedContentTypeException}, {@link PayloadTooLargeException}; and
 * {@link InvalidInputException} from the signature check that follows decoding): never a
 * NullPointerException, an index out of bounds, an OutOfMemoryError or a StackOverflowError, any
 * of which would be a 500 or a crash.
 *
 * <p>Each property runs {@code jqwik.tries.default} tries (1000 in the build); a longer run:
 * {@code ./mvnw verify -pl functions/serving-core -Dtest='*FuzzTest' -Djqwik.tries.default=100000}.
 */
class DecoderFuzzTest {

    private static final OipCodec OIP = new OipCodec();
    private static final SageMakerCodec SAGEMAKER = new SageMakerCodec();
    private static final SimpleJsonCodec SIMPLE = new SimpleJsonCodec();
    /** Parses like the Funqy layer does before {@link SimpleJsonCodec} sees the body: plain Jackson defaults. */
    private static final ObjectMapper FUNQY_LIKE = new ObjectMapper();

    private static final ModelKey MODEL = ModelKey.parse("fuzz/1.0.0");
    /** iris: one FP32 input [-1, 4]. */
    private static final Signature IRIS = new Signature(
            List.of(new TensorSpec("input", DataType.FP32, new long[] {-1, 4})),
            List.of(new TensorSpec("probabilities", DataType.FP32, new long[] {-1, 3})));
    /** digits: one FP32 image [-1, 1, 8, 8] (rows of 64 pixels are reshaped to it). */
    private static final Signature DIGITS = new Signature(
            List.of(new TensorSpec("input", DataType.FP32, new long[] {-1, 1, 8, 8})),
            List.of(new TensorSpec("logits", DataType.FP32, new long[] {-1, 10})));
    /** Several inputs of other types, so the integer, boolean and string paths are fuzzed too. */
    private static final Signature MIXED = new Signature(
            List.of(new TensorSpec("ids", DataType.INT64, new long[] {-1, 3}),
                    new TensorSpec("mask", DataType.BOOL, new long[] {-1, 3}),
                    new TensorSpec("text", DataType.BYTES, new long[] {-1}),
                    new TensorSpec("small", DataType.UINT8, new long[] {-1, 2}),
                    new TensorSpec("half", DataType.FP16, new long[] {-1, 2})),
            List.of(new TensorSpec("out", DataType.FP32, new long[] {-1, 1})));
    private static final List<Signature> SIGNATURES = List.of(IRIS, DIGITS, MIXED);

    private static final Set<Class<? extends Throwable>> DOCUMENTED = Set.of(MalformedRequestException.class,
            UnsupportedContentTypeException.class, PayloadTooLargeException.class, InvalidInputException.class);

    /** Valid requests the mutations start from, one per protocol shape. */
    private static final List<String> VALID_OIP = List.of(
            "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[2,4],\"data\":[5.1,3.5,1.4,0.2,6.2,2.9,4.3,1.3]}]}",
            "{\"id\":\"r-1\",\"parameters\":{\"routing_key\":\"k\"},\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\","
                    + "\"shape\":[1,4],\"data\":[[5.1,3.5,1.4,0.2]]}],\"outputs\":[{\"name\":\"probabilities\"}]}",
            "{\"inputs\":[{\"data\":[1,2,3],\"shape\":[1,3],\"datatype\":\"INT64\",\"name\":\"ids\"},"
                    + "{\"name\":\"mask\",\"datatype\":\"BOOL\",\"shape\":[1,3],\"data\":[true,false,true]},"
                    + "{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"héllo ✓\"]},"
                    + "{\"name\":\"small\",\"datatype\":\"UINT8\",\"shape\":[1,2],\"data\":[0,255]},"
                    + "{\"name\":\"half\",\"datatype\":\"FP16\",\"shape\":[1,2],\"data\":[0.5,-65504]}]}",
            "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,1,8,8],\"data\":["
                    + String.join(",", java.util.Collections.nCopies(64, "3")) + "]}]}");
    private static final List<String> VALID_SAGEMAKER_JSON = List.of(
            "{\"instances\":[[5.1,3.5,1.4,0.2],[6.2,2.9,4.3,1.3]]}",
            "{\"inputs\":{\"input\":[[5.1,3.5,1.4,0.2]]}}",
            "[[5.1,3.5,1.4,0.2]]",
            "{\"instances\":[{\"ids\":[1,2,3],\"mask\":[true,true,false],\"text\":\"a\",\"small\":[1,2],\"half\":[1,2]}]}");
    private static final List<String> VALID_CSV = List.of("5.1,3.5,1.4,0.2\n6.2,2.9,4.3,1.3\n", "1,2,3,4\r\n");
    private static final List<String> VALID_SIMPLE = List.of(
            "{\"input\":[[5.1,3.5,1.4,0.2]]}",
            "[[5.1,3.5,1.4,0.2],[1,2,3,4]]",
            "{\"ids\":[[1,2,3]],\"mask\":[[true,false,true]],\"text\":[\"x\"],\"small\":[[1,2]],\"half\":[[1.5,2]]}");

    /** Tokens a mutation inserts: structure, hostile numbers, literals JSON does not allow, odd text. */
    private static final List<String> TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true",
            "false", "NaN", "Infinity", "-Infinity", "1e309", "-1e309", "1e-400", "-0", "01", "0x10", "1.", ".5",
            "99999999999999999999999999", "-9223372036854775809", "18446744073709551616", "2147483648",
            "4294967296", "65505", "1e5000", "\"shape\"", "\"data\"", "\"datatype\"", "\"name\"", "\"inputs\"",
            "\"FP32\"", "\"BYTES\"", "\"UINT64\"", "[1000000000]", "[2147483648,2147483648]", "[-1]", "[]", "{}",
            "\u0000", "\uFFFF", "\uD800", "é", "💥", "[".repeat(50), "]".repeat(50), "\"\\u0000\"", "\"\\uD800\"");

    // ------------------------------------------------------------------------------- OIP

    @Property
    void oip_decoder_should_refuse_arbitrary_bytes_only_with_documented_exceptions(
            @ForAll @Size(max = 512) byte[] body) {
        assertOnlyDocumented(body, () -> decodeOip(body));
    }

    @Property
    void oip_decoder_should_refuse_arbitrary_text_only_with_documented_exceptions(
            @ForAll @Size(max = 512) String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        assertOnlyDocumented(body, () -> decodeOip(body));
    }

    @Property
    void oip_decoder_should_answer_mutated_valid_requests_with_tensors_or_documented_exceptions(
            @ForAll("mutatedOip") String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        assertOnlyDocumented(body, () -> decodeOip(body));
    }

    @Property
    void oip_decoder_should_answer_generated_hostile_tensors_with_tensors_or_documented_exceptions(
            @ForAll("hostileOip") String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        assertOnlyDocumented(body, () -> decodeOip(body));
    }

    @Property
    void oip_decoder_should_never_accept_data_whose_length_differs_from_the_shape(
            @ForAll("dims") long[] shape, @ForAll @IntRange(max = 40) int values, @ForAll boolean dataFirst) {
        String data = "[" + String.join(",", java.util.Collections.nCopies(values, "1")) + "]";
        String tensor = dataFirst
                ? "{\"data\":" + data + ",\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":" + Arrays.toString(shape).replace(" ", "") + "}"
                : "{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":" + Arrays.toString(shape).replace(" ", "") + ",\"data\":" + data + "}";
        byte[] body = ("{\"inputs\":[" + tensor + "]}").getBytes(StandardCharsets.UTF_8);
        long claimed = Tensor.elementCount(shape);
        try {
            OipInferRequest request = OIP.decodeInferRequest(body);
            // Accepted only when the shape really holds that many values.
            assertThat(claimed).as("%s with %d values", Arrays.toString(shape), values).isEqualTo(values);
            assertThat(request.inputs().get("x").size()).isEqualTo(values);
        } catch (MalformedRequestException refused) {
            assertThat(claimed).as("refused %s with %d values: %s", Arrays.toString(shape), values, refused.getMessage())
                    .isNotEqualTo(values);
        }
    }

    // ------------------------------------------------------------------------- SageMaker

    @Property
    void sagemaker_decoder_should_refuse_arbitrary_bodies_and_content_types_only_with_documented_exceptions(
            @ForAll("contentTypes") String contentType, @ForAll @Size(max = 512) byte[] body) {
        for (Signature signature : SIGNATURES) {
            assertOnlyDocumented(body, () -> validate(signature, SAGEMAKER.decode(contentType, body, signature), List.of()));
        }
    }

    @Property
    void sagemaker_decoder_should_answer_mutated_json_and_csv_with_tensors_or_documented_exceptions(
            @ForAll("mutatedSageMaker") String text, @ForAll("contentTypes") String contentType) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        for (Signature signature : SIGNATURES) {
            assertOnlyDocumented(body, () -> validate(signature, SAGEMAKER.decode(contentType, body, signature), List.of()));
        }
    }

    // ---------------------------------------------------------------- Funqy predict (simple)

    @Property
    void simple_decoder_should_answer_mutated_inputs_with_tensors_or_documented_exceptions(
            @ForAll("mutatedSimple") String text) {
        JsonNode inputs;
        try {
            inputs = FUNQY_LIKE.readTree(text);
        } catch (Exception notJson) {
            return; // the HTTP layer answers 400 before the codec runs (tested by the request corpus)
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        for (Signature signature : SIGNATURES) {
            assertOnlyDocumented(body, () -> validate(signature, SIMPLE.decodeInputs(inputs, signature), List.of()));
        }
    }

    @Property
    void simple_decoder_should_answer_generated_json_trees_with_tensors_or_documented_exceptions(
            @ForAll("jsonValues") String text) throws Exception {
        JsonNode inputs = FUNQY_LIKE.readTree(text);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        for (Signature signature : SIGNATURES) {
            assertOnlyDocumented(body, () -> validate(signature, SIMPLE.decodeInputs(inputs, signature), List.of()));
        }
    }

    // ------------------------------------------------------------------------ BodyReader

    @Property
    void body_reader_should_return_the_body_or_refuse_it_as_too_large(@ForAll @Size(max = 3000) byte[] body,
            @ForAll @IntRange(min = 1, max = 700) int chunk, @ForAll @LongRange(min = 0, max = 4000) long limit,
            @ForAll("declaredLengths") long declared) {
        InputStream in = new ChunkedStream(body, chunk);
        long claimed = declared == -2 ? body.length : declared;
        try {
            byte[] read = BodyReader.read(in, claimed, limit);
            assertThat(read).isEqualTo(body);
            assertThat((long) read.length).isLessThanOrEqualTo(limit);
        } catch (PayloadTooLargeException tooLarge) {
            assertThat(body.length > limit || claimed > limit).as("refused %d bytes (claimed %d) under %d", body.length,
                    claimed, limit).isTrue();
        }
    }

    // ---------------------------------------------------------------------------- helpers

    private static Object decodeOip(byte[] body) {
        OipInferRequest request = OIP.decodeInferRequest(body);
        for (Tensor tensor : request.inputs().values()) {
            assertConsistent(tensor);
        }
        for (Signature signature : SIGNATURES) {
            try {
                InputValidator.check(MODEL, signature, request.inputs(), request.outputs());
            } catch (InvalidInputException expected) {
                // a request that does not fit this signature: 400, as documented
            }
        }
        return request;
    }

    private static Object validate(Signature signature, Map<String, Tensor> inputs, List<String> outputs) {
        for (Tensor tensor : inputs.values()) {
            assertConsistent(tensor);
        }
        InputValidator.check(MODEL, signature, inputs, outputs);
        return inputs;
    }

    /** A decoded tensor holds exactly the elements its shape says, with no negative dimension. */
    private static void assertConsistent(Tensor tensor) {
        long[] shape = tensor.shape();
        assertThat(Arrays.stream(shape).min().orElse(0)).as("smallest dimension of %s", Arrays.toString(shape)).isNotNegative();
        assertThat(Tensor.elementCount(shape)).isEqualTo(tensor.size());
    }

    private static void assertOnlyDocumented(byte[] body, Supplier<Object> decoding) {
        try {
            decoding.get();
        } catch (Throwable t) {
            boolean documented = DOCUMENTED.stream().anyMatch(type -> type.isInstance(t));
            if (!documented) {
                throw new AssertionError("undocumented " + t + " for a body of " + body.length + " bytes: "
                        + preview(body), t);
            }
            assertThat(t.getMessage()).as("message of %s", t).isNotBlank();
        }
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** Hands out at most {@code chunk} bytes per read, as a network stream does. */
    private static final class ChunkedStream extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int at;

        ChunkedStream(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return at < data.length ? data[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - at);
            System.arraycopy(data, at, b, off, n);
            at += n;
            return n;
        }
    }

    // ------------------------------------------------------------------------- generators

    @Provide
    Arbitrary<String> mutatedOip() {
        return mutated(Arbitraries.of(VALID_OIP));
    }

    @Provide
    Arbitrary<String> mutatedSageMaker() {
        List<String> seeds = new ArrayList<>(VALID_SAGEMAKER_JSON);
        seeds.addAll(VALID_CSV);
        return mutated(Arbitraries.of(seeds));
    }

    @Provide
    Arbitrary<String> mutatedSimple() {
        return mutated(Arbitraries.of(VALID_SIMPLE));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(Arbitraries.of("application/json", "application/json; charset=utf-8", "text/csv",
                        "TEXT/CSV; header=present", "", "application/x-npy", "application/jsonlines", "text/plain",
                        "application/json;", ";", "application/vnd+json", "*/*", "multipart/form-data; boundary=x"),
                Arbitraries.strings().ofMaxLength(40));
    }

    @Provide
    Arbitrary<Long> declaredLengths() {
        // -1: no Content-Length; -2: the true length; others: a lie (small, large, huge)
        return Arbitraries.oneOf(Arbitraries.of(-1L, -2L, 0L, Long.MAX_VALUE, (long) Integer.MAX_VALUE, 1L << 40),
                Arbitraries.longs().between(0, 5000));
    }

    @Provide
    Arbitrary<long[]> dims() {
        Arbitrary<Long> dim = Arbitraries.oneOf(Arbitraries.longs().between(0, 12),
                Arbitraries.of(0L, 1L, 40L, 1_000_000_000L, 1L << 31, 1L << 32, 3037000500L, Long.MAX_VALUE / 2,
                        Long.MAX_VALUE));
        return dim.list().ofMaxSize(5).map(list -> list.stream().mapToLong(Long::longValue).toArray());
    }

    /** One to four random edits of a valid request. */
    private Arbitrary<String> mutated(Arbitrary<String> seeds) {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 6),
                Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 1), Arbitraries.of(TOKENS),
                Arbitraries.chars().all()).as(Mutation::new);
        return Combinators.combine(seeds, mutation.list().ofMinSize(1).ofMaxSize(4)).as((seed, edits) -> {
            String text = seed;
            for (Mutation edit : edits) {
                text = edit.apply(text);
            }
            return text;
        });
    }

    private record Mutation(int kind, double at, double to, String token, char c) {
        String apply(String text) {
            int n = text.length();
            int i = (int) (at * n);
            int j = Math.min(n, i + (int) (to * Math.max(1, n - i) / 4) + 1);
            return switch (kind) {
                case 0 -> text.substring(0, i); // truncate
                case 1 -> text.substring(0, i) + text.substring(j); // delete a range
                case 2 -> text.substring(0, i) + token + text.substring(i); // insert a token
                case 3 -> n == 0 ? text : text.substring(0, Math.min(i, n - 1)) + c + text.substring(Math.min(i, n - 1) + 1);
                case 4 -> text.substring(0, j) + text.substring(i, j) + text.substring(j); // duplicate a range
                case 5 -> replaceNumber(text, i, token);
                default -> text.substring(0, i) + "[".repeat(1 + (int) (to * 60)) + text.substring(i); // nesting
            };
        }

        private static String replaceNumber(String text, int from, String token) {
            for (int k = from; k < text.length(); k++) {
                if (Character.isDigit(text.charAt(k))) {
                    int end = k;
                    while (end < text.length() && "0123456789.eE-+".indexOf(text.charAt(end)) >= 0) {
                        end++;
                    }
                    return text.substring(0, k) + token + text.substring(end);
                }
            }
            return text;
        }
    }

    /** Structurally valid JSON requests whose tensors are hostile: odd datatypes, shapes, values, nesting. */
    @Provide
    Arbitrary<String> hostileOip() {
        Arbitrary<String> datatype = Arbitraries.oneOf(Arbitraries.of("FP32", "FP64", "FP16", "INT8", "INT16", "INT32",
                "INT64", "UINT8", "UINT16", "UINT32", "UINT64", "BOOL", "BYTES"),
                Arbitraries.of("fp32", "FLOAT", "", "INT128", "BF16", "STRING"));
        Arbitrary<String> shape = Arbitraries.oneOf(dims().map(d -> Arrays.toString(d).replace(" ", "")),
                Arbitraries.of("[-1]", "[1,-5]", "[1.5]", "[\"1\"]", "[null]", "1", "{}", "null",
                        "[9223372036854775808]", "[1e3]", "[" + "1,".repeat(40) + "1]"));
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("input", "ids", "mask", "text", "small", "half", "x"),
                Arbitraries.strings().ofMaxLength(80).map(s -> FUNQY_LIKE.getNodeFactory().textNode(s).toString()
                        .replaceAll("^\"|\"$", "")));
        Arbitrary<String> data = jsonValues();
        Arbitrary<String> tensor = Combinators.combine(name, datatype, shape, data, Arbitraries.integers().between(0, 5))
                .as((n, t, s, d, order) -> {
                    List<String> fields = new ArrayList<>(List.of("\"name\":\"" + n + "\"", "\"datatype\":\"" + t + "\"",
                            "\"shape\":" + s, "\"data\":" + d));
                    java.util.Collections.rotate(fields, order);
                    if (order == 5) {
                        fields.remove(2); // no shape
                    }
                    return "{" + String.join(",", fields) + "}";
                });
        return tensor.list().ofMinSize(1).ofMaxSize(4).map(list -> "{\"inputs\":[" + String.join(",", list) + "]}");
    }

    /** JSON values (as text) biased towards what tensor data looks like, and what it must not. */
    @Provide
    Arbitrary<String> jsonValues() {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(d -> Double.isFinite(d) ? String.valueOf(d) : "1e309"),
                Arbitraries.of("0", "-0", "1", "255", "256", "-1", "65504", "65520", "1e38", "3.5e38", "-3.5e38",
                        "1e-46", "18446744073709551615", "18446744073709551616", "9223372036854775807",
                        "-9223372036854775808", "2147483648", "true", "false", "null", "\"\"", "\"a\"", "{}",
                        "{\"a\":1}", "\"💥\""),
                Arbitraries.strings().ofMaxLength(20).map(s -> FUNQY_LIKE.getNodeFactory().textNode(s).toString()));
        return Arbitraries.recursive(() -> scalar, this::arrayOf, 0, 4);
    }

    private Arbitrary<String> arrayOf(Arbitrary<String> element) {
        return Arbitraries.oneOf(
                element.list().ofMaxSize(6).map(list -> "[" + String.join(",", list) + "]"),
                // rectangular rows of one element repeated: the shape a real tensor has
                Combinators.combine(element, Arbitraries.integers().between(0, 6))
                        .as((e, n) -> "[" + String.join(",", java.util.Collections.nCopies(n, e)) + "]"),
                element.map(e -> "{\"input\":" + e + ",\"ids\":" + e + "}"));
    }
}
