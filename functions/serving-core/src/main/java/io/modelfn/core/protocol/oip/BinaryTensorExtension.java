package io.modelfn.core.protocol.oip;

import io.modelfn.core.protocol.MalformedRequestException;

/**
 * The names of Triton's binary tensor data extension to the inference protocol, and the reading of
 * its one header. A body in this extension is a JSON inference request or response of
 * {@value #HEADER} bytes followed by the raw tensor data of the tensors that carry
 * {@value #DATA_SIZE}, in the order the JSON lists them (see {@link BinaryTensorData} for the layout).
 */
public final class BinaryTensorExtension {

    /** What server metadata lists in {@code extensions}. */
    public static final String NAME = "binary_tensor_data";
    /** The HTTP header giving the length of the JSON part of a body that carries binary tensors. */
    public static final String HEADER = "Inference-Header-Content-Length";
    /** Input or output parameter: the tensor's data is binary, this many bytes of it. */
    public static final String DATA_SIZE = "binary_data_size";
    /** Requested-output parameter: answer this output in binary ({@code true}) or JSON. */
    public static final String DATA = "binary_data";
    /** Request parameter: answer every output in binary unless the output's own {@value #DATA} says otherwise. */
    public static final String DATA_OUTPUT = "binary_data_output";

    private BinaryTensorExtension() {
    }

    /**
     * The JSON part's length a request's {@value #HEADER} declares.
     *
     * @param value the header's value
     * @param bodyLength the whole body's length
     * @throws MalformedRequestException unless it is a decimal integer from 0 to {@code bodyLength}
     */
    public static int headerLength(String value, int bodyLength) {
        String text = value.trim();
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedRequestException(HEADER + " must be a non-negative decimal integer (the length of the"
                    + " JSON part of the body)");
        }
        long length = Long.parseLong(text);
        if (length > bodyLength) {
            throw new MalformedRequestException(HEADER + " is " + length + " but the body has only " + bodyLength
                    + " bytes");
        }
        return (int) length;
    }
}
