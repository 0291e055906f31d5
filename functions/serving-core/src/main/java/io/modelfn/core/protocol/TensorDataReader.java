package io.modelfn.core.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.modelfn.core.model.DataType;
import io.modelfn.core.tensor.Tensor;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Reads tensor data (a JSON array, flat or nested in row-major order) from a parser straight into
 * the primitive array of the tensor's type.
 *
 * <p>Memory grows with the values actually present, never with the size a shape claims; a shape
 * whose element count overflows, is negative or disagrees with the data is refused. Nested data
 * must be rectangular and match the shape at every level. Every value must fit the type (integers
 * for integer types, within range, finite for floating point).
 */
public final class TensorDataReader {

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final String name;
    private final DataType type;
    private final long[] shape;
    private final long expected;
    private Object values;
    /** The values when the type is FP32, the common case, read without a dispatch on the type per value. */
    private float[] floats;
    private int capacity;
    private int count;

    private TensorDataReader(String name, DataType type, long[] shape) {
        this.name = name;
        this.type = type;
        this.shape = shape;
        this.expected = Tensor.elementCount(shape);
        if (expected < 0) {
            throw new MalformedRequestException("tensor '" + name + "' has an invalid shape " + Arrays.toString(shape)
                    + " (negative dimension, or more elements than a tensor can hold)");
        }
        int initial = (int) Math.min(expected, 1024);
        this.capacity = Math.max(initial, 1);
        this.values = java.lang.reflect.Array.newInstance(storageClass(type).getComponentType(), capacity);
        this.floats = type == DataType.FP32 ? (float[]) values : null;
    }

    /**
     * Reads the array the parser is positioned on (its START_ARRAY token) and returns the tensor.
     *
     * @throws MalformedRequestException describing the first problem
     */
    public static Tensor read(JsonParser parser, String name, DataType type, long[] shape) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new MalformedRequestException("data of tensor '" + name + "' must be a JSON array");
        }
        TensorDataReader reader = new TensorDataReader(name, type, shape);
        reader.readArray(parser, 0);
        return reader.finish();
    }

    private void readArray(JsonParser p, int depth) throws IOException {
        int length = 0;
        Boolean nested = null;
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            if (token == null) {
                throw new MalformedRequestException("data of tensor '" + name + "' ends early");
            }
            boolean isArray = token == JsonToken.START_ARRAY;
            if (nested == null) {
                nested = isArray;
            } else if (nested != isArray) {
                throw new MalformedRequestException("data of tensor '" + name + "' mixes values and arrays at one level");
            }
            if (isArray) {
                if (depth + 1 >= shape.length) {
                    throw new MalformedRequestException("data of tensor '" + name + "' is nested deeper than its shape "
                            + Arrays.toString(shape));
                }
                readArray(p, depth + 1);
            } else if (floats != null) {
                addFloat(p, token);
            } else {
                add(p, token);
            }
            length++;
        }
        boolean flatTopLevel = depth == 0 && !Boolean.TRUE.equals(nested);
        if (!flatTopLevel && shape.length > 0 && length != shape[depth]) {
            throw new MalformedRequestException("data of tensor '" + name + "' has " + length + " entries at depth "
                    + depth + " but its shape " + Arrays.toString(shape) + " says " + shape[depth]);
        }
        if (depth > 0 && Boolean.FALSE.equals(nested) && depth != shape.length - 1) {
            throw new MalformedRequestException("data of tensor '" + name + "' is not nested as deep as its shape "
                    + Arrays.toString(shape));
        }
    }

    private void addFloat(JsonParser p, JsonToken token) throws IOException {
        if (count >= expected) {
            throw tooMany();
        }
        if (count == capacity) {
            ensureCapacity();
            floats = (float[]) values;
        }
        floats[count++] = finiteFloat(p, token);
    }

    private void add(JsonParser p, JsonToken token) throws IOException {
        if (count >= expected) {
            throw tooMany();
        }
        ensureCapacity();
        switch (type) {
            case FP32 -> ((float[]) values)[count] = finiteFloat(p, token);
            case FP64 -> ((double[]) values)[count] = finiteDouble(p, token);
            case FP16 -> ((short[]) values)[count] = half(p, token);
            case BOOL -> {
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw new MalformedRequestException("tensor '" + name + "' is BOOL: values must be true or false");
                }
                ((boolean[]) values)[count] = token == JsonToken.VALUE_TRUE;
            }
            case BYTES -> {
                if (token != JsonToken.VALUE_STRING) {
                    throw new MalformedRequestException("tensor '" + name + "' is BYTES: values must be strings");
                }
                ((String[]) values)[count] = p.getText();
            }
            case INT8 -> ((byte[]) values)[count] = (byte) integer(p, token, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case UINT8 -> ((byte[]) values)[count] = (byte) integer(p, token, 0, 255);
            case INT16 -> ((short[]) values)[count] = (short) integer(p, token, Short.MIN_VALUE, Short.MAX_VALUE);
            case UINT16 -> ((short[]) values)[count] = (short) integer(p, token, 0, 65_535);
            case INT32 -> ((int[]) values)[count] = (int) integer(p, token, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case UINT32 -> ((int[]) values)[count] = (int) integer(p, token, 0, 4_294_967_295L);
            case INT64 -> ((long[]) values)[count] = integer(p, token, Long.MIN_VALUE, Long.MAX_VALUE);
            case UINT64 -> ((long[]) values)[count] = unsigned64(p, token);
        }
        count++;
    }

    private float finiteFloat(JsonParser p, JsonToken token) throws IOException {
        requireNumber(token);
        char[] text = p.getTextCharacters();
        float v = text == null ? ShortDecimalFloats.NOT_SHORT
                : ShortDecimalFloats.parse(text, p.getTextOffset(), p.getTextLength());
        if (Float.isNaN(v)) {
            v = p.getFloatValue();
        }
        if (!Float.isFinite(v)) {
            throw new MalformedRequestException("tensor '" + name + "' holds a value outside the range of "
                    + type.oipName());
        }
        return v;
    }

    private short half(JsonParser p, JsonToken token) throws IOException {
        short bits = Float.floatToFloat16(finiteFloat(p, token));
        // Values past the largest half (65504, after rounding) would become infinity.
        if (!Float.isFinite(Float.float16ToFloat(bits))) {
            throw outOfRange();
        }
        return bits;
    }

    private double finiteDouble(JsonParser p, JsonToken token) throws IOException {
        requireNumber(token);
        double v = p.getDoubleValue();
        if (!Double.isFinite(v)) {
            throw new MalformedRequestException("tensor '" + name + "' holds a value outside the range of FP64");
        }
        return v;
    }

    private long integer(JsonParser p, JsonToken token, long min, long max) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new MalformedRequestException("tensor '" + name + "' is " + type.oipName() + ": values must be integers");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw outOfRange();
        }
        long v = p.getLongValue();
        if (v < min || v > max) {
            throw outOfRange();
        }
        return v;
    }

    private long unsigned64(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new MalformedRequestException("tensor '" + name + "' is UINT64: values must be integers");
        }
        BigInteger v = p.getBigIntegerValue();
        if (v.signum() < 0 || v.compareTo(UINT64_MAX) > 0) {
            throw outOfRange();
        }
        return v.longValue();
    }

    private MalformedRequestException tooMany() {
        return new MalformedRequestException("tensor '" + name + "' has more values than its shape "
                + Arrays.toString(shape) + " holds (" + expected + ")");
    }

    private MalformedRequestException outOfRange() {
        return new MalformedRequestException("tensor '" + name + "' holds a value outside the range of " + type.oipName());
    }

    private void requireNumber(JsonToken token) {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new MalformedRequestException("tensor '" + name + "' is " + type.oipName() + ": values must be numbers");
        }
    }

    private void ensureCapacity() {
        if (count == capacity) {
            int grown = (int) Math.min(expected, Math.max(16L, (long) capacity * 2));
            Object bigger = java.lang.reflect.Array.newInstance(values.getClass().getComponentType(), grown);
            System.arraycopy(values, 0, bigger, 0, count);
            values = bigger;
            capacity = grown;
        }
    }

    private Tensor finish() {
        if (count != expected) {
            throw new MalformedRequestException("tensor '" + name + "' has " + count + " values but its shape "
                    + Arrays.toString(shape) + " needs " + expected);
        }
        Object exact = values;
        if (capacity != count) {
            exact = java.lang.reflect.Array.newInstance(values.getClass().getComponentType(), count);
            System.arraycopy(values, 0, exact, 0, count);
        }
        return Tensor.of(name, type, shape, exact);
    }

    private static Class<?> storageClass(DataType type) {
        return Tensor.arrayClass(type);
    }
}
