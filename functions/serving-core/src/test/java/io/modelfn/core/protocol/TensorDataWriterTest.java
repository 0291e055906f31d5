package io.modelfn.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.modelfn.core.model.DataType;
import io.modelfn.core.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TensorDataWriterTest {

    private static final float[] SPECIAL_FLOATS = {0f, -0f, 1f, -1f, 0.1f, 1e7f, 9999999f, 1e-3f, 9.999999e-4f, 16777216f,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 2e-44f, 3.4e38f,
            Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc00001)};

    @Test
    void random_floats_of_every_magnitude_should_be_written_as_the_generator_writes_them() throws IOException {
        // GIVEN a million floats from random bit patterns (every exponent, subnormals, NaNs, infinities), the special
        // values, and iris-like probabilities, in one tensor of many chunks
        Random random = new Random(20261207);
        float[] values = new float[1_000_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (i % 3) {
                case 0 -> Float.intBitsToFloat(random.nextInt());
                case 1 -> random.nextFloat();
                default -> i / 3 < SPECIAL_FLOATS.length ? SPECIAL_FLOATS[i / 3] : (float) random.nextGaussian() * 1e4f;
            };
        }
        Tensor tensor = Tensor.ofFloats("p", new long[] {values.length}, values);

        // WHEN it is written here and value by value through the generator
        // THEN the bytes are the same
        assertSameAsPerValue(tensor, Json.FACTORY);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"BOOL", "BYTES"}, mode = EnumSource.Mode.EXCLUDE)
    void every_numeric_type_should_be_written_as_the_generator_writes_it(DataType type) throws IOException {
        // GIVEN a tensor of the type with random values over the type's whole range, longer than one chunk
        Tensor tensor = randomTensor(type, 5_000, new Random(type.ordinal()));

        // WHEN it is written here and value by value through the generator
        // THEN the bytes are the same
        assertSameAsPerValue(tensor, Json.FACTORY);
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void empty_and_single_value_tensors_should_be_written_as_the_generator_writes_them(DataType type) throws IOException {
        assertSameAsPerValue(randomTensor(type, 0, new Random(1)), Json.FACTORY);
        assertSameAsPerValue(randomTensor(type, 1, new Random(2)), Json.FACTORY);
    }

    @Test
    void a_chunk_boundary_should_fall_between_values_without_a_lost_or_doubled_comma() throws IOException {
        // GIVEN integers whose text fills a chunk exactly and then some (4 digits and a comma each)
        int perChunk = TensorDataWriter.CHUNK_CHARS / 5;
        for (int n : new int[] {perChunk - 1, perChunk, perChunk + 1, 2 * perChunk + 1}) {
            int[] values = new int[n];
            java.util.Arrays.fill(values, 1234);
            Tensor tensor = Tensor.of("i", DataType.INT32, new long[] {n}, values);

            // THEN the array reads back with every value
            String json = written(Json.FACTORY, g -> TensorDataWriter.write(g, tensor));
            assertThat(Json.MAPPER.readTree(json).get("data").size()).as("n=%d", n).isEqualTo(n);
            assertSameAsPerValue(tensor, Json.FACTORY);
        }
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void a_range_of_values_should_be_written_as_the_generator_writes_it(DataType type) throws IOException {
        // GIVEN a tensor and ranges at its start, its middle, its end, and an empty one (the rows NestedArrays writes)
        Tensor tensor = randomTensor(type, 3_000, new Random(type.ordinal() + 100));
        for (int[] range : new int[][] {{0, 7}, {1_000, 2_999}, {2_990, 3_000}, {5, 5}}) {
            // WHEN the range is written here and value by value through the generator
            String ours = written(Json.FACTORY, g -> TensorDataWriter.write(g, tensor, range[0], range[1]));
            String generators = written(Json.FACTORY, g -> TensorDataWriter.writePerValue(g, tensor, range[0], range[1]));

            // THEN the bytes are the same
            assertThat(ours).as("%s [%d, %d)", type, range[0], range[1]).isEqualTo(generators);
        }
    }

    @Test
    void a_write_that_failed_half_way_should_leave_nothing_behind_for_the_next_on_the_thread() throws IOException {
        // GIVEN a write of a large tensor that fails when the generator hands its bytes to the stream
        float[] values = new float[20_000];
        java.util.Arrays.fill(values, 0.123456f);
        Tensor large = Tensor.ofFloats("p", new long[] {values.length}, values);
        java.io.OutputStream failing = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("the connection closed");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("the connection closed");
            }
        };
        JsonGenerator g = Json.FACTORY.createGenerator(failing);
        g.writeStartObject();
        g.writeFieldName("data");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TensorDataWriter.write(g, large))
                .isInstanceOf(IOException.class);

        // WHEN the same thread writes another tensor
        Tensor small = Tensor.ofFloats("q", new long[] {3}, new float[] {1f, 2f, 3f});

        // THEN only that tensor's values are written
        assertThat(written(Json.FACTORY, w -> TensorDataWriter.write(w, small)))
                .isEqualTo("{\"data\":[1.0,2.0,3.0],\"after\":1}");
    }

    @Test
    void a_virtual_thread_should_write_values_longer_than_their_estimate() throws Exception {
        // GIVEN values whose text is longer than the 12 characters a value is estimated at
        float[] values = new float[2_000];
        java.util.Arrays.fill(values, -1.2345678e-20f);
        Tensor tensor = Tensor.ofFloats("p", new long[] {values.length}, values);

        // WHEN a virtual thread writes them (it gets scratch of its own, sized to the estimate)
        String[] ours = new String[1];
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                ours[0] = written(Json.FACTORY, g -> TensorDataWriter.write(g, tensor));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        thread.join();

        // THEN they are written as the generator writes them
        assertThat(ours[0]).isEqualTo(written(Json.FACTORY, g -> TensorDataWriter.writePerValue(g, tensor)));
    }

    @Test
    void generators_that_decide_a_number_text_differently_should_get_the_per_value_path() throws IOException {
        // GIVEN generators that write numbers as strings, that write NaN bare, that use the fast double writer,
        // or that indent
        float[] values = {1.5f, Float.NaN, -0f, 1e-7f, Float.NEGATIVE_INFINITY};
        Tensor tensor = Tensor.ofFloats("p", new long[] {values.length}, values);
        JsonFactory asStrings = JsonFactory.builder().enable(JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS).build();
        JsonFactory bareNaN = JsonFactory.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
        JsonFactory fastWriter = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

        // THEN each writes what the generator would
        assertSameAsPerValue(tensor, asStrings);
        assertSameAsPerValue(tensor, bareNaN);
        assertSameAsPerValue(tensor, fastWriter);
        assertThat(written(Json.FACTORY, g -> {
            g.useDefaultPrettyPrinter();
            TensorDataWriter.write(g, tensor);
        })).isEqualTo(written(Json.FACTORY, g -> {
            g.useDefaultPrettyPrinter();
            TensorDataWriter.writePerValue(g, tensor);
        }));
        assertThat(written(Json.FACTORY, g -> TensorDataWriter.write(g, tensor)))
                .isEqualTo("{\"data\":[1.5,\"NaN\",-0.0,1.0E-7,\"-Infinity\"],\"after\":1}");

        // AND a generator that builds a tree rather than text gets the values one by one
        try (com.fasterxml.jackson.databind.util.TokenBuffer tree = new com.fasterxml.jackson.databind.util.TokenBuffer(
                Json.MAPPER, false)) {
            TensorDataWriter.write(tree, tensor);
            assertThat(Json.MAPPER.readTree(tree.asParser()).size()).isEqualTo(values.length);
        }
    }

    private static void assertSameAsPerValue(Tensor tensor, JsonFactory factory) throws IOException {
        String ours = written(factory, g -> TensorDataWriter.write(g, tensor));
        String generators = written(factory, g -> TensorDataWriter.writePerValue(g, tensor));
        assertThat(ours.length()).as("%s of %d values", tensor.dataType(), tensor.size()).isEqualTo(generators.length());
        assertThat(ours).isEqualTo(generators);
    }

    private interface DataWriting {
        void write(JsonGenerator g) throws IOException;
    }

    /** The data as a field between others, so the array's separators from the generator's side are checked too. */
    private static String written(JsonFactory factory, DataWriting data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("data");
            data.write(g);
            g.writeNumberField("after", 1);
            g.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Tensor randomTensor(DataType type, int n, Random random) {
        long[] shape = {n};
        return switch (type) {
            case FP32 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Float.intBitsToFloat(random.nextInt());
                }
                yield Tensor.of("t", type, shape, v);
            }
            case FP64 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextDouble();
                }
                if (n > 3) {
                    v[1] = Double.NaN;
                    v[2] = Double.NEGATIVE_INFINITY;
                    v[3] = -0.0;
                }
                yield Tensor.of("t", type, shape, v);
            }
            case FP16 -> {
                short[] v = new short[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (short) random.nextInt();
                }
                yield Tensor.of("t", type, shape, v);
            }
            case INT8, UINT8 -> {
                byte[] v = new byte[n];
                random.nextBytes(v);
                yield Tensor.of("t", type, shape, v);
            }
            case INT16, UINT16 -> {
                short[] v = new short[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (short) random.nextInt();
                }
                yield Tensor.of("t", type, shape, v);
            }
            case INT32, UINT32 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i % 2 == 0 ? random.nextInt() : random.nextInt(100);
                }
                yield Tensor.of("t", type, shape, v);
            }
            case INT64, UINT64 -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i % 2 == 0 ? random.nextLong() : random.nextInt(100);
                }
                if (n > 2) {
                    v[1] = Long.MIN_VALUE;
                    v[2] = -1;
                }
                yield Tensor.of("t", type, shape, v);
            }
            case BOOL -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = random.nextBoolean();
                }
                yield Tensor.of("t", type, shape, v);
            }
            case BYTES -> {
                String[] v = new String[n];
                for (int i = 0; i < n; i++) {
                    v[i] = "s\"" + random.nextInt() + "\u00e9\n";
                }
                yield Tensor.of("t", type, shape, v);
            }
        };
    }
}
