package io.modelfn.core.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tensors as plain nested JSON arrays (the shape is the nesting), for clients that send
 * {@code [[5.1, 3.5, 1.4, 0.2]]} rather than typed OIP tensors. The element type comes from the
 * model's signature.
 */
public final class NestedArrays {

    private NestedArrays() {
    }

    /**
     * Reads a nested array as the input {@code spec}. When the nesting does not fit the signature
     * but every row holds exactly the elements of one example (e.g. 64 pixels for a [-1, 1, 8, 8]
     * image), the rows are reshaped to the signature.
     */
    public static Tensor read(JsonNode data, TensorSpec spec) {
        if (data == null || !data.isArray()) {
            throw new MalformedRequestException("input '" + spec.name() + "' must be a (nested) JSON array");
        }
        long[] shape = inferShape(data, spec.name());
        try (JsonParser parser = data.traverse()) {
            parser.nextToken();
            Tensor tensor = TensorDataReader.read(parser, spec.name(), spec.dataType(), shape);
            return fitToSignature(tensor, spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shape implied by the nesting: the length at each depth along the first elements. */
    static long[] inferShape(JsonNode data, String name) {
        List<Long> dims = new ArrayList<>();
        JsonNode node = data;
        while (node != null && node.isArray()) {
            if (dims.size() == 32) {
                throw new MalformedRequestException("input '" + name + "' is nested deeper than 32 levels");
            }
            dims.add((long) node.size());
            node = node.isEmpty() ? null : node.get(0);
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** Reshapes row-wise flat data to the signature when the element counts agree. */
    public static Tensor fitToSignature(Tensor tensor, TensorSpec spec) {
        long[] shape = tensor.shape();
        if (spec.accepts(shape) || shape.length == 0) {
            return tensor;
        }
        long perExample = 1;
        for (int i = 1; i < spec.rank(); i++) {
            if (spec.dimension(i) < 0) {
                return tensor; // dynamic inner dimensions: nothing to reshape to
            }
            perExample *= spec.dimension(i);
        }
        long rows = shape[0];
        if (rows > 0 && spec.rank() > 0 && (long) tensor.size() == rows * perExample) {
            long[] reshaped = spec.shape();
            reshaped[0] = rows;
            return Tensor.of(tensor.name(), tensor.dataType(), reshaped, tensor.data());
        }
        return tensor;
    }

    /** Writes the tensor as arrays nested by its shape. */
    public static void write(JsonGenerator g, Tensor tensor) throws IOException {
        writeRange(g, tensor, tensor.shape(), 0, 0, tensor.size());
    }

    /** Writes row {@code row} (along the first dimension) of the tensor: a scalar for rank 1. */
    public static void writeRow(JsonGenerator g, Tensor tensor, int row) throws IOException {
        long[] shape = tensor.shape();
        if (shape.length <= 1) {
            TensorDataWriter.writeValue(g, tensor, row);
            return;
        }
        int rowSize = (int) (tensor.size() / shape[0]);
        writeRange(g, tensor, Arrays.copyOfRange(shape, 1, shape.length), 0, row * rowSize, rowSize);
    }

    private static void writeRange(JsonGenerator g, Tensor tensor, long[] shape, int depth, int offset, int length)
            throws IOException {
        if (depth >= shape.length - 1) {
            TensorDataWriter.write(g, tensor, offset, offset + length);
            return;
        }
        g.writeStartArray();
        int step = length / (int) Math.max(1, shape[depth]);
        for (int i = 0; i < shape[depth]; i++) {
            writeRange(g, tensor, shape, depth + 1, offset + i * step, step);
        }
        g.writeEndArray();
    }

    /**
     * The integer value of element {@code i} of an integer tensor (for class labels); UINT64 values
     * past {@link Long#MAX_VALUE} come back negative, so callers print them with
     * {@link Long#toUnsignedString(long)}.
     */
    public static long integerAt(Tensor tensor, int i) {
        return switch (tensor.dataType()) {
            case INT8 -> tensor.bytes()[i];
            case UINT8 -> tensor.bytes()[i] & 0xff;
            case INT16 -> tensor.shorts()[i];
            case UINT16 -> tensor.shorts()[i] & 0xffff;
            case INT32 -> tensor.ints()[i];
            case UINT32 -> tensor.ints()[i] & 0xffffffffL;
            case INT64, UINT64 -> tensor.longs()[i];
            default -> throw new IllegalArgumentException(tensor + " is not an integer tensor");
        };
    }
}
