package io.modelfn.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named tensor in a model's signature: its element type and shape, where {@code -1} marks a
 * dynamic dimension (typically the batch).
 */
public record TensorSpec(String name, DataType dataType, long[] shape) {

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        shape = shape.clone();
        for (long dim : shape) {
            if (dim < -1) {
                throw new IllegalArgumentException("dimension " + dim + " of " + name + " is below -1");
            }
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The declared size of one dimension, {@code -1} when dynamic. */
    public long dimension(int axis) {
        return shape[axis];
    }

    /** Whether a concrete shape fits this spec: same rank, equal wherever this spec is not dynamic. */
    public boolean accepts(long[] concrete) {
        if (concrete.length != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != -1 && shape[i] != concrete[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorSpec that
                && name.equals(that.name)
                && dataType == that.dataType
                && Arrays.equals(shape, that.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dataType, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + ":" + dataType.oipName() + Arrays.toString(shape);
    }
}
