package io.modelfn.bench.floor;

import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;

/** Bytes appended to a Vert.x buffer, so that an answer is written once, into what the server sends. */
final class BufferOutputStream extends OutputStream {

    private final Buffer buffer;

    BufferOutputStream(Buffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public void write(int b) {
        buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        buffer.appendBytes(b, off, len);
    }
}
