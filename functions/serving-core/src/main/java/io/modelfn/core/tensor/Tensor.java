package io.modelfn.core.tensor;

import io.modelfn.core.model.DataType;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named, typed, shaped block of values in row-major order, held in the primitive array that
 * fits its type (no boxing on the prediction path):
 *
 * <table>
 *   <tr><th>type</th><th>data</th></tr>
 *   <tr><td>FP32</td><td>{@code float[]}</td></tr>
 *   <tr><td>FP64</td><td>{@code double[]}</td></tr>
 *   <tr><td>INT8, UINT8</td><td>{@code byte[]}</td></tr>
 *   <tr><td>INT16, UINT16, FP16 (IEEE half bits)</td><td>{@code short[]}</td></tr>
 *   <tr><td>INT32, UINT32</td><td>{@code int[]}</td></tr>
 *   <tr><td>INT64, UINT64</td><td>{@code long[]}</td></tr>
 *   <tr><td>BOOL</td><td>{@code boolean[]}</td></tr>
 *   <tr><td>BYTES</td><td>{@code String[]}</td></tr>
 * </table>
 *
 * <p>Tensors are immutable by convention: the arrays are shared, not copied, and nobody writes to
 * them after construction.
 */
public final class Tensor {

    /** The most elements a Java array (and so a tensor) can hold. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final String name;
    private final DataType dataType;
    private final long[] shape;
    private final Object data;

    private Tensor(String name, DataType dataType, long[] shape, Object data) {
        this.name = Objects.requireNonNull(name, "name");
        this.dataType = Objects.requireNonNull(dataType, "dataType");
        this.shape = shape;
        this.data = data;
        long expected = elementCount(shape);
        int actual = java.lang.reflect.Array.getLength(data);
        if (expected != actual) {
            throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(shape)
                    + " (" + expected + " elements) but " + actual + " values");
        }
    }

    /**
     * Wraps {@code data}, which must be the array type of {@code dataType} (see the class doc).
     *
     * @throws IllegalArgumentException when the array type or length does not fit
     */
    public static Tensor of(String name, DataType dataType, long[] shape, Object data) {
        Class<?> expected = arrayClass(dataType);
        if (data == null || data.getClass() != expected) {
            throw new IllegalArgumentException("tensor " + name + " of type " + dataType.oipName()
                    + " needs " + expected.getSimpleName() + " data");
        }
        return new Tensor(name, dataType, shape.clone(), data);
    }

    public static Tensor ofFloats(String name, long[] shape, float[] data) {
        return new Tensor(name, DataType.FP32, shape.clone(), data);
    }

    public static Tensor ofLongs(String name, long[] shape, long[] data) {
        return new Tensor(name, DataType.INT64, shape.clone(), data);
    }

    /** The Java array class that holds values of {@code type}. */
    public static Class<?> arrayClass(DataType type) {
        return switch (type) {
            case FP32 -> float[].class;
            case FP64 -> double[].class;
            case INT8, UINT8 -> byte[].class;
            case INT16, UINT16, FP16 -> short[].class;
            case INT32, UINT32 -> int[].class;
            case INT64, UINT64 -> long[].class;
            case BOOL -> boolean[].class;
            case BYTES -> String[].class;
        };
    }

    /**
     * The number of elements of a shape, or -1 when a dimension is negative or the product
     * does not fit in an {@code int} (no Java array can hold it).
     */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                return -1;
            }
            // Checked before multiplying: a product that wrapped around 64 bits could look small.
            if (dim != 0 && count > MAX_ELEMENTS / dim) {
                return -1;
            }
            count *= dim;
        }
        return count;
    }

    public String name() {
        return name;
    }

    public DataType dataType() {
        return dataType;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dimension(int axis) {
        return shape[axis];
    }

    public int size() {
        return java.lang.reflect.Array.getLength(data);
    }

    /** The backing array; callers must not modify it. */
    public Object data() {
        return data;
    }

    public float[] floats() {
        return (float[]) typed(float[].class);
    }

    public double[] doubles() {
        return (double[]) typed(double[].class);
    }

    public int[] ints() {
        return (int[]) typed(int[].class);
    }

    public long[] longs() {
        return (long[]) typed(long[].class);
    }

    public byte[] bytes() {
        return (byte[]) typed(byte[].class);
    }

    public short[] shorts() {
        return (short[]) typed(short[].class);
    }

    public boolean[] booleans() {
        return (boolean[]) typed(boolean[].class);
    }

    public String[] strings() {
        return (String[]) typed(String[].class);
    }

    /** The same values under another name. */
    public Tensor renamed(String newName) {
        return new Tensor(newName, dataType, shape, data);
    }

    private Object typed(Class<?> type) {
        if (data.getClass() != type) {
            throw new IllegalStateException("tensor " + name + " holds " + dataType.oipName() + ", not "
                    + type.getSimpleName());
        }
        return data;
    }

    /** Value-wise equality of name, type, shape and data. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && name.equals(t.name) && dataType == t.dataType
                && Arrays.equals(shape, t.shape) && Arrays.deepEquals(new Object[] {data}, new Object[] {t.data});
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dataType, Arrays.hashCode(shape), Arrays.deepHashCode(new Object[] {data}));
    }

    @Override
    public String toString() {
        return "Tensor[" + name + ":" + dataType.oipName() + Arrays.toString(shape) + "]";
    }
}
