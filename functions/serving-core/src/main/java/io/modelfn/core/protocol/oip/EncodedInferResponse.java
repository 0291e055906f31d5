package io.modelfn.core.protocol.oip;

/**
 * An encoded inference response: JSON only, or in the binary tensor data extension's framing (the
 * JSON part, then the binary outputs' data).
 *
 * @param bytes the whole body
 * @param headerLength the length of the JSON part, for {@value BinaryTensorExtension#HEADER}; -1 when
 *     the body is JSON only
 */
public record EncodedInferResponse(byte[] bytes, int headerLength) {

    /** Whether the body carries binary tensor data (and so needs the header and a binary content type). */
    public boolean binary() {
        return headerLength >= 0;
    }
}
