package io.modelfn.inference.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import io.modelfn.core.model.DataType;
import io.modelfn.core.tensor.Tensor;
import java.lang.reflect.Array;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Copies between our {@link Tensor}s and ONNX Runtime's {@link OnnxTensor}s, for the element types a session
 * carries in and out ({@link #supports}). Half floats travel as their 16-bit patterns, booleans as one byte
 * each, strings as UTF-8.
 */
final class OrtTensors {

    private OrtTensors() {
    }

    /** Element types this engine carries in and out of a session. */
    static boolean supports(DataType type) {
        return switch (type) {
            case FP32, FP64, FP16, INT8, UINT8, INT32, INT64, BOOL, BYTES -> true;
            case INT16, UINT16, UINT32, UINT64 -> false;
        };
    }

    /** A native tensor holding {@code tensor}'s values; the caller closes it. */
    static OnnxTensor toOrt(OrtEnvironment env, Tensor tensor) throws OrtException {
        long[] shape = tensor.shape();
        return switch (tensor.dataType()) {
            case FP32 -> OnnxTensor.createTensor(env, FloatBuffer.wrap(tensor.floats()), shape);
            case FP64 -> OnnxTensor.createTensor(env, DoubleBuffer.wrap(tensor.doubles()), shape);
            case INT32 -> OnnxTensor.createTensor(env, IntBuffer.wrap(tensor.ints()), shape);
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(tensor.longs()), shape);
            case INT8 -> OnnxTensor.createTensor(env, ByteBuffer.wrap(tensor.bytes()), shape, OnnxJavaType.INT8);
            case UINT8 -> OnnxTensor.createTensor(env, ByteBuffer.wrap(tensor.bytes()), shape, OnnxJavaType.UINT8);
            case FP16 -> OnnxTensor.createTensor(env, ShortBuffer.wrap(tensor.shorts()), shape, OnnxJavaType.FLOAT16);
            case BOOL -> OnnxTensor.createTensor(env, ByteBuffer.wrap(bytesOf(tensor.booleans())), shape, OnnxJavaType.BOOL);
            case BYTES -> OnnxTensor.createTensor(env, tensor.strings(), shape);
            default -> throw new IllegalArgumentException("unsupported input type " + tensor.dataType());
        };
    }

    /** Where a tensor placed in lent memory starts: the native kernels read aligned rows faster. */
    static final int PLACEMENT_ALIGNMENT = 64;

    /**
     * A native tensor holding {@code tensor}'s values in {@code lent} memory, from its position on, which it moves
     * past them; null when the element type is not placed that way or the values do not fit what is left (the caller
     * then uses {@link #toOrt(OrtEnvironment, Tensor)}). The tensor reads that memory until it is closed.
     */
    static OnnxTensor toOrtIn(OrtEnvironment env, Tensor tensor, ByteBuffer lent) throws OrtException {
        long elements = tensor.size();
        int width = switch (tensor.dataType()) {
            case FP32, INT32 -> 4;
            case FP64, INT64 -> 8;
            default -> 0;
        };
        if (width == 0 || elements == 0 || elements * width > lent.remaining()) {
            return null;
        }
        int bytes = (int) elements * width;
        ByteBuffer region = lent.slice(lent.position(), bytes).order(ByteOrder.nativeOrder());
        int next = lent.position() + (bytes + PLACEMENT_ALIGNMENT - 1) / PLACEMENT_ALIGNMENT * PLACEMENT_ALIGNMENT;
        lent.position(Math.min(next, lent.limit()));
        long[] shape = tensor.shape();
        return switch (tensor.dataType()) {
            case FP32 -> OnnxTensor.createTensor(env, region.asFloatBuffer().put(tensor.floats()).flip(), shape);
            case FP64 -> OnnxTensor.createTensor(env, region.asDoubleBuffer().put(tensor.doubles()).flip(), shape);
            case INT32 -> OnnxTensor.createTensor(env, region.asIntBuffer().put(tensor.ints()).flip(), shape);
            case INT64 -> OnnxTensor.createTensor(env, region.asLongBuffer().put(tensor.longs()).flip(), shape);
            default -> throw new IllegalStateException("not placed: " + tensor.dataType());
        };
    }

    /** The values of a session's output, under {@code name}. */
    static Tensor fromOrt(String name, OnnxTensor value) throws OrtException {
        TensorInfo info = value.getInfo();
        long[] shape = info.getShape();
        return switch (info.type) {
            case FLOAT -> Tensor.of(name, DataType.FP32, shape, read(value.getFloatBuffer()));
            case DOUBLE -> Tensor.of(name, DataType.FP64, shape, read(value.getDoubleBuffer()));
            case INT32 -> Tensor.of(name, DataType.INT32, shape, read(value.getIntBuffer()));
            case INT64 -> Tensor.of(name, DataType.INT64, shape, read(value.getLongBuffer()));
            case INT8 -> Tensor.of(name, DataType.INT8, shape, read(value.getByteBuffer()));
            case UINT8 -> Tensor.of(name, DataType.UINT8, shape, read(value.getByteBuffer()));
            case FLOAT16 -> Tensor.of(name, DataType.FP16, shape, read(value.getShortBuffer()));
            case BOOL -> Tensor.of(name, DataType.BOOL, shape, booleansOf(read(value.getByteBuffer())));
            case STRING -> Tensor.of(name, DataType.BYTES, shape, strings(value.getValue(), Math.toIntExact(info.getNumElements())));
            default -> throw new IllegalStateException("model output " + name + " has unsupported type " + info.type);
        };
    }

    private static byte[] bytesOf(boolean[] values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (values[i] ? 1 : 0);
        }
        return bytes;
    }

    private static boolean[] booleansOf(byte[] bytes) {
        boolean[] values = new boolean[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] != 0;
        }
        return values;
    }

    // ONNX Runtime's get*Buffer() hand out a fresh heap copy of the native values: its array is taken as it is,
    // and copied only when the buffer is not exactly one array (another runtime version's view, say).

    private static float[] read(FloatBuffer buffer) {
        if (whole(buffer)) {
            return buffer.array();
        }
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static double[] read(DoubleBuffer buffer) {
        if (whole(buffer)) {
            return buffer.array();
        }
        double[] values = new double[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static int[] read(IntBuffer buffer) {
        if (whole(buffer)) {
            return buffer.array();
        }
        int[] values = new int[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static long[] read(LongBuffer buffer) {
        if (whole(buffer)) {
            return buffer.array();
        }
        long[] values = new long[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static short[] read(ShortBuffer buffer) {
        if (whole(buffer)) {
            return buffer.array();
        }
        short[] values = new short[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static byte[] read(ByteBuffer buffer) {
        if (whole(buffer)) {
            return buffer.array();
        }
        byte[] values = new byte[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    /** Whether the buffer's remaining values are exactly its backing array, from its first element to its last. */
    private static boolean whole(Buffer buffer) {
        return buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && Array.getLength(buffer.array()) == buffer.remaining();
    }

    /** A string tensor's value (a String, or nested String arrays by rank) flattened in row-major order. */
    private static String[] strings(Object value, int count) {
        String[] flat = new String[count];
        int filled = flatten(value, flat, 0);
        if (filled != count) {
            throw new IllegalStateException("string output holds " + filled + " values, not " + count);
        }
        return flat;
    }

    private static int flatten(Object value, String[] into, int at) {
        if (value instanceof String s) {
            into[at] = s;
            return at + 1;
        }
        int next = at;
        for (int i = 0, n = Array.getLength(value); i < n; i++) {
            next = flatten(Array.get(value, i), into, next);
        }
        return next;
    }
}
