package io.modelfn.core.protocol;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a JSON generator writes one document that is then taken whole as a byte array. The generator keeps its own
 * buffer and hands it over in one write when it is closed (in a few when the document is larger than that buffer),
 * so the bytes are copied once, into an array of exactly their size, which {@link #toByteArray()} returns as it
 * is. (Jackson's {@code ByteArrayBuilder} allocates its first block up front and copies everything again at the
 * end.) Not thread-safe; one document per instance.
 */
public final class DocumentBytes extends OutputStream {

    private static final byte[] EMPTY = new byte[0];

    private byte[] buffer = EMPTY;
    private int size;

    @Override
    public void write(int b) {
        room(1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        room(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    /** How many bytes were written. */
    public int size() {
        return size;
    }

    /** The bytes written: the buffer itself when it holds exactly them (the usual case), else a copy. */
    public byte[] toByteArray() {
        return toByteArray(0);
    }

    /** The bytes written followed by {@code trailing} zero bytes, for the caller to fill. */
    public byte[] toByteArray(int trailing) {
        int length = Math.addExact(size, trailing);
        return buffer.length == length ? buffer : Arrays.copyOf(buffer, length);
    }

    private void room(int more) {
        int needed = Math.addExact(size, more);
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
