package io.modelfn.core.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonGeneratorImpl;
import io.modelfn.core.model.DataType;
import io.modelfn.core.tensor.Tensor;
import java.io.IOException;
import java.util.Objects;

/**
 * Writes a tensor's values as one flat JSON array, each number in exactly the text Jackson's
 * {@code writeNumber} gives it ({@link Float#toString}, {@link Double#toString}, the integer's decimal digits;
 * a float that is not finite as the quoted string Jackson writes for it), without a call into the generator
 * per number.
 *
 * <p>A generator's {@code writeNumber(float)} builds a {@code String} per value and checks the array's
 * state before writing it; on an iris answer those calls were a fifth of the CPU spent outside ONNX
 * Runtime. Here the numbers are appended to a {@link StringBuilder} (whose {@code append(float)} formats
 * into its own array, no string per value) with their commas and handed to the generator as raw text a
 * few kilobytes at a time, between the generator's own start and end of the array. Booleans, strings,
 * generators that are not JSON text (a {@code TokenBuffer} building a tree takes no raw text) and generators
 * configured in a way that changes a number's text (numbers as strings, the fast writer, a pretty printer) take
 * the generator's per-value path.
 */
public final class TensorDataWriter {

    /** Text handed to the generator at a time: enough for hundreds of numbers, small enough to stay in cache. */
    static final int CHUNK_CHARS = 4096;

    /** The longest number text: a double as {@code -2.2250738585072014E-308}, a long, or a quoted NaN. */
    private static final int MAX_NUMBER_CHARS = 32;

    /**
     * Each platform thread's text and char buffers, kept between answers: a server's few event-loop and worker
     * threads each hold about 12 KB instead of allocating and clearing them for every tensor.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> new Scratch(CHUNK_CHARS));

    private final JsonGenerator generator;
    private final StringBuilder text;
    private final char[] chars;
    /** The text's length at which it is handed over before the next value. */
    private final int chunk;
    private final boolean quoteNonFinite;

    private TensorDataWriter(JsonGenerator generator, Scratch scratch) {
        this.generator = generator;
        this.text = scratch.text;
        this.chars = scratch.chars;
        this.chunk = scratch.chunkChars;
        this.quoteNonFinite = generator.isEnabled(JsonGenerator.Feature.QUOTE_NON_NUMERIC_NUMBERS);
        text.setLength(0);
    }

    /** A chunk's text, and the chars it is copied into for the generator; never more than a chunk and a number. */
    private static final class Scratch {
        final StringBuilder text;
        final char[] chars;
        final int chunkChars;

        Scratch(int chunkChars) {
            this.chunkChars = chunkChars;
            int most = chunkChars + MAX_NUMBER_CHARS + 1;
            this.text = new StringBuilder(most);
            this.chars = new char[most];
        }
    }

    /** The thread's scratch; a virtual thread (one per task, not reused) gets its own, sized to the values. */
    private static Scratch scratch(int expectedChars) {
        return Thread.currentThread().isVirtual()
                ? new Scratch(Math.max(1, Math.min(expectedChars, CHUNK_CHARS)))
                : SCRATCH.get();
    }

    /** Writes the tensor's values as a flat JSON array, in row-major order. */
    public static void write(JsonGenerator g, Tensor tensor) throws IOException {
        write(g, tensor, 0, tensor.size());
    }

    /** Writes the values {@code from} to {@code to} (exclusive), in row-major order, as a flat JSON array. */
    public static void write(JsonGenerator g, Tensor tensor, int from, int to) throws IOException {
        Objects.checkFromToIndex(from, to, tensor.size());
        if (!writesOwnText(g, tensor)) {
            writePerValue(g, tensor, from, to);
            return;
        }
        g.writeStartArray();
        if (to > from) {
            TensorDataWriter w = new TensorDataWriter(g, scratch((to - from) * 12));
            w.values(tensor, from, to);
            w.flush();
        }
        g.writeEndArray();
    }

    /** Whether the numbers' text can be written here as the generator would write it. */
    private static boolean writesOwnText(JsonGenerator g, Tensor tensor) {
        return switch (tensor.dataType()) {
            case BOOL, BYTES -> false;
            default -> g instanceof JsonGeneratorImpl
                    && g.getPrettyPrinter() == null
                    && !g.isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS)
                    && !g.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);
        };
    }

    private void values(Tensor tensor, int from, int to) throws IOException {
        switch (tensor.dataType()) {
            case FP32 -> {
                float[] v = tensor.floats();
                for (int i = from; i < to; i++) {
                    separate(i > from);
                    appendFloat(v[i]);
                }
            }
            case FP16 -> {
                short[] v = tensor.shorts();
                for (int i = from; i < to; i++) {
                    separate(i > from);
                    appendFloat(Float.float16ToFloat(v[i]));
                }
            }
            case FP64 -> {
                double[] v = tensor.doubles();
                for (int i = from; i < to; i++) {
                    separate(i > from);
                    if (Double.isFinite(v[i])) {
                        text.append(v[i]);
                    } else {
                        appendNonFinite(Double.toString(v[i]));
                    }
                }
            }
            case INT8, UINT8 -> {
                byte[] v = tensor.bytes();
                boolean unsigned = tensor.dataType() == DataType.UINT8;
                for (int i = from; i < to; i++) {
                    separate(i > from);
                    text.append(unsigned ? v[i] & 0xff : v[i]);
                }
            }
            case INT16, UINT16 -> {
                short[] v = tensor.shorts();
                boolean unsigned = tensor.dataType() == DataType.UINT16;
                for (int i = from; i < to; i++) {
                    separate(i > from);
                    text.append(unsigned ? v[i] & 0xffff : v[i]);
                }
            }
            case INT32, UINT32 -> {
                int[] v = tensor.ints();
                boolean unsigned = tensor.dataType() == DataType.UINT32;
                for (int i = from; i < to; i++) {
                    separate(i > from);
                    if (unsigned) {
                        text.append(v[i] & 0xffffffffL);
                    } else {
                        text.append(v[i]);
                    }
                }
            }
            case INT64, UINT64 -> {
                long[] v = tensor.longs();
                boolean unsigned = tensor.dataType() == DataType.UINT64;
                for (int i = from; i < to; i++) {
                    separate(i > from);
                    if (unsigned && v[i] < 0) {
                        text.append(Long.toUnsignedString(v[i]));
                    } else {
                        text.append(v[i]);
                    }
                }
            }
            default -> throw new IllegalStateException("no numeric text for " + tensor.dataType());
        }
    }

    /** The comma before every value but the first, after handing over a full chunk. */
    private void separate(boolean notFirst) throws IOException {
        if (!notFirst) {
            return;
        }
        if (text.length() >= chunk) {
            flush();
        }
        text.append(',');
    }

    private void appendFloat(float v) {
        if (Float.isFinite(v)) {
            text.append(v);
        } else {
            appendNonFinite(Float.toString(v));
        }
    }

    /** {@code NaN} and the infinities, quoted as the generator quotes them unless told not to. */
    private void appendNonFinite(String name) {
        if (quoteNonFinite) {
            text.append('"').append(name).append('"');
        } else {
            text.append(name);
        }
    }

    private void flush() throws IOException {
        int length = text.length();
        if (length == 0) {
            return;
        }
        text.getChars(0, length, chars, 0);
        generator.writeRaw(chars, 0, length);
        text.setLength(0);
    }

    /** The generator's own path, a call per value, for the types and settings whose text it decides. */
    static void writePerValue(JsonGenerator g, Tensor tensor) throws IOException {
        writePerValue(g, tensor, 0, tensor.size());
    }

    static void writePerValue(JsonGenerator g, Tensor tensor, int from, int to) throws IOException {
        g.writeStartArray();
        for (int i = from; i < to; i++) {
            writeValue(g, tensor, i);
        }
        g.writeEndArray();
    }

    /** One value through the generator. */
    public static void writeValue(JsonGenerator g, Tensor tensor, int i) throws IOException {
        switch (tensor.dataType()) {
            case FP32 -> g.writeNumber(tensor.floats()[i]);
            case FP64 -> g.writeNumber(tensor.doubles()[i]);
            case FP16 -> g.writeNumber(Float.float16ToFloat(tensor.shorts()[i]));
            case INT8 -> g.writeNumber(tensor.bytes()[i]);
            case UINT8 -> g.writeNumber(tensor.bytes()[i] & 0xff);
            case INT16 -> g.writeNumber(tensor.shorts()[i]);
            case UINT16 -> g.writeNumber(tensor.shorts()[i] & 0xffff);
            case INT32 -> g.writeNumber(tensor.ints()[i]);
            case UINT32 -> g.writeNumber(tensor.ints()[i] & 0xffffffffL);
            case INT64 -> g.writeNumber(tensor.longs()[i]);
            case UINT64 -> g.writeNumber(new java.math.BigInteger(Long.toUnsignedString(tensor.longs()[i])));
            case BOOL -> g.writeBoolean(tensor.booleans()[i]);
            case BYTES -> g.writeString(tensor.strings()[i]);
        }
    }
}
