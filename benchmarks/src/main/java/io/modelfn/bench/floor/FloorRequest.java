package io.modelfn.bench.floor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * One decoded inference request, reused for every request of one event loop: its id, the name and
 * shape of its one FP32 input, and the values in a direct buffer that ONNX Runtime reads in place
 * (no copy into a tensor of its own). Not thread-safe: one per event loop.
 */
final class FloorRequest {

    private static final int MAX_RANK = 8;

    private String id;
    private String inputName;
    private final long[] dims = new long[MAX_RANK];
    private int rank;
    private FloatBuffer values;

    FloorRequest(int initialCapacity) {
        this.values = allocate(initialCapacity);
    }

    void reset() {
        id = null;
        inputName = null;
        rank = 0;
        values.clear();
    }

    void id(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    void inputName(String name) {
        this.inputName = name;
    }

    String inputName() {
        return inputName;
    }

    void addDim(long dim) {
        if (rank == MAX_RANK) {
            throw new FloorRequestException("'shape' has more than " + MAX_RANK + " dimensions");
        }
        dims[rank++] = dim;
    }

    long[] shape() {
        return Arrays.copyOf(dims, rank);
    }

    long elements() {
        long n = 1;
        for (int i = 0; i < rank; i++) {
            n *= dims[i];
        }
        return n;
    }

    void add(float value) {
        if (!values.hasRemaining()) {
            FloatBuffer bigger = allocate(values.capacity() * 2);
            values.flip();
            bigger.put(values);
            values = bigger;
        }
        values.put(value);
    }

    /** The values written since {@link #reset()}, ready to read (position 0, limit the count). */
    FloatBuffer values() {
        return values.flip();
    }

    int count() {
        return values.position();
    }

    private static FloatBuffer allocate(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
