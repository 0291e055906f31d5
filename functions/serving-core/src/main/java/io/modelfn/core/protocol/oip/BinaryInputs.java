package io.modelfn.core.protocol.oip;

import io.modelfn.core.model.DataType;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.tensor.Tensor;

/**
 * The binary part of a request body (after its JSON part), handed out to the inputs that carry
 * {@value BinaryTensorExtension#DATA_SIZE} in the order they come: each takes the next that many
 * bytes. Every byte must be taken, no more and no fewer. One per request; not thread-safe.
 */
final class BinaryInputs {

    private final byte[] body;
    private final int end;
    private int position;

    /** The bytes of {@code body} from {@code start} to its end. */
    BinaryInputs(byte[] body, int start) {
        this.body = body;
        this.position = start;
        this.end = body.length;
    }

    /** No binary part: a body that is JSON only. */
    static BinaryInputs none() {
        return new BinaryInputs(new byte[0], 0);
    }

    /**
     * The next input's tensor, from the next {@code size} bytes.
     *
     * @throws MalformedRequestException when fewer bytes are left, or they do not fit the shape and type
     */
    Tensor next(String name, DataType type, long[] shape, long size) {
        if (size > end - position) {
            throw new MalformedRequestException("input '" + OipCodec.abbreviate(name) + "' has " + BinaryTensorExtension.DATA_SIZE
                    + " " + size + " but only " + (end - position) + " bytes of binary data are left after the JSON part"
                    + " (is " + BinaryTensorExtension.HEADER + " right?)");
        }
        Tensor tensor = BinaryTensorData.read(name, type, shape, body, position, (int) size);
        position += (int) size;
        return tensor;
    }

    /** @throws MalformedRequestException when bytes are left that no input took */
    void finish() {
        if (position != end) {
            throw new MalformedRequestException((end - position) + " bytes of binary data after the JSON part belong to no"
                    + " input (the inputs' " + BinaryTensorExtension.DATA_SIZE + " add up to less; is "
                    + BinaryTensorExtension.HEADER + " right?)");
        }
    }
}
