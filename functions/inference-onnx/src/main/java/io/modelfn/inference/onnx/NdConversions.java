package io.modelfn.inference.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.modelfn.core.model.DataType;
import io.modelfn.core.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;

/** Copies between our {@link Tensor}s and DJL's {@link NDArray}s. */
final class NdConversions {

    private NdConversions() {
    }

    /** Element types that DJL's ONNX Runtime engine carries in and out of a session. */
    static boolean supports(DataType type) {
        return djlType(type) != null;
    }

    static ai.djl.ndarray.types.DataType djlType(DataType type) {
        return switch (type) {
            case FP32 -> ai.djl.ndarray.types.DataType.FLOAT32;
            case FP64 -> ai.djl.ndarray.types.DataType.FLOAT64;
            case FP16 -> ai.djl.ndarray.types.DataType.FLOAT16;
            case INT8 -> ai.djl.ndarray.types.DataType.INT8;
            case UINT8 -> ai.djl.ndarray.types.DataType.UINT8;
            case INT32 -> ai.djl.ndarray.types.DataType.INT32;
            case INT64 -> ai.djl.ndarray.types.DataType.INT64;
            case BOOL -> ai.djl.ndarray.types.DataType.BOOLEAN;
            case BYTES -> ai.djl.ndarray.types.DataType.STRING;
            case INT16, UINT16, UINT32, UINT64 -> null;
        };
    }

    static NDArray toNd(NDManager manager, Tensor tensor) {
        Shape shape = new Shape(tensor.shape());
        NDArray array = switch (tensor.dataType()) {
            case FP32 -> manager.create(FloatBuffer.wrap(tensor.floats()), shape);
            case FP64 -> manager.create(DoubleBuffer.wrap(tensor.doubles()), shape);
            case INT32 -> manager.create(IntBuffer.wrap(tensor.ints()), shape);
            case INT64 -> manager.create(LongBuffer.wrap(tensor.longs()), shape);
            case INT8 -> manager.create(ByteBuffer.wrap(tensor.bytes()), shape, ai.djl.ndarray.types.DataType.INT8);
            case UINT8 -> manager.create(ByteBuffer.wrap(tensor.bytes()), shape, ai.djl.ndarray.types.DataType.UINT8);
            case FP16 -> manager.create(ShortBuffer.wrap(tensor.shorts()), shape, ai.djl.ndarray.types.DataType.FLOAT16);
            case BOOL -> manager.create(tensor.booleans(), shape);
            case BYTES -> manager.create(tensor.strings(), StandardCharsets.UTF_8, shape);
            default -> throw new IllegalArgumentException("unsupported input type " + tensor.dataType());
        };
        array.setName(tensor.name());
        return array;
    }

    static Tensor fromNd(String name, NDArray array) {
        long[] shape = array.getShape().getShape();
        return switch (array.getDataType()) {
            case FLOAT32 -> Tensor.of(name, DataType.FP32, shape, array.toFloatArray());
            case FLOAT64 -> Tensor.of(name, DataType.FP64, shape, array.toDoubleArray());
            case INT32 -> Tensor.of(name, DataType.INT32, shape, array.toIntArray());
            case INT64 -> Tensor.of(name, DataType.INT64, shape, array.toLongArray());
            case INT8 -> Tensor.of(name, DataType.INT8, shape, array.toByteArray());
            case UINT8 -> Tensor.of(name, DataType.UINT8, shape, array.toByteArray());
            case BOOLEAN -> Tensor.of(name, DataType.BOOL, shape, array.toBooleanArray());
            case FLOAT16 -> {
                ShortBuffer halves = array.toByteBuffer().order(ByteOrder.nativeOrder()).asShortBuffer();
                short[] bits = new short[halves.remaining()];
                halves.get(bits);
                yield Tensor.of(name, DataType.FP16, shape, bits);
            }
            case STRING -> Tensor.of(name, DataType.BYTES, shape, array.toStringArray(StandardCharsets.UTF_8));
            default -> throw new IllegalStateException("model output " + name + " has unsupported type "
                    + array.getDataType());
        };
    }
}
