package io.modelfn.core.artifact;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked reader of the protocol-buffers wire format over a slice of a buffer: just enough
 * to walk an ONNX {@code ModelProto} without generated classes. Every length is checked against the
 * bytes that remain, so a truncated or hostile file ends in {@link InvalidModelArtifactException},
 * never in an oversized allocation.
 */
final class ProtobufReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buffer;
    private final int end;
    private int position;

    ProtobufReader(ByteBuffer buffer, int start, int end) {
        this.buffer = buffer;
        this.position = start;
        this.end = end;
    }

    static ProtobufReader of(ByteBuffer buffer) {
        return new ProtobufReader(buffer, buffer.position(), buffer.limit());
    }

    boolean hasMore() {
        return position < end;
    }

    /** Reads a tag; returns {@code field << 3 | wireType}. */
    int readTag() {
        long tag = readVarint();
        if (tag <= 0 || tag > Integer.MAX_VALUE) {
            throw malformed("invalid field tag");
        }
        return (int) tag;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw malformed("truncated varint");
            }
            byte b = buffer.get(position++);
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw malformed("varint longer than 10 bytes");
    }

    /** A length-delimited field as a reader over its bytes; this reader moves past them. */
    ProtobufReader readMessage() {
        int length = readLength();
        ProtobufReader nested = new ProtobufReader(buffer, position, position + length);
        position += length;
        return nested;
    }

    String readString() {
        int length = readLength();
        byte[] bytes = new byte[length];
        buffer.get(position, bytes);
        position += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Skips the value of a field of the given wire type. */
    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(readLength());
            case FIXED32 -> advance(4);
            default -> throw malformed("unsupported wire type " + wireType);
        }
    }

    private int readLength() {
        long length = readVarint();
        if (length < 0 || length > end - position) {
            throw malformed("field length " + length + " runs past the end of its message");
        }
        return (int) length;
    }

    private void advance(int bytes) {
        if (bytes > end - position) {
            throw malformed("truncated field");
        }
        position += bytes;
    }

    private static InvalidModelArtifactException malformed(String what) {
        return new InvalidModelArtifactException("not a valid ONNX model: " + what);
    }
}
