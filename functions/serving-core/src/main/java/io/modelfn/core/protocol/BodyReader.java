package io.modelfn.core.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Reads a request body into memory, refusing it as soon as it passes the size limit. */
public final class BodyReader {

    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int INITIAL = 16 * 1024;

    private BodyReader() {
    }

    /**
     * @param declaredLength the Content-Length header, or -1 when absent
     * @throws PayloadTooLargeException as soon as the declared or actual size passes {@code limit}
     */
    public static byte[] read(InputStream in, long declaredLength, long limit) {
        if (declaredLength > limit) {
            throw new PayloadTooLargeException(limit);
        }
        // No Java array holds more than this; a larger limit means "as much as memory allows".
        long cap = Math.min(limit, MAX_ARRAY - 1) + 1;
        try {
            // Start small whatever the length claims: memory grows with the bytes that actually arrive.
            byte[] buffer = new byte[(int) Math.min(cap, declaredLength > 0 ? Math.min(declaredLength + 1, INITIAL)
                    : INITIAL)];
            int size = 0;
            while (true) {
                if (size == buffer.length) {
                    if (size > limit) {
                        throw new PayloadTooLargeException(limit);
                    }
                    if (buffer.length >= cap) {
                        throw new PayloadTooLargeException(cap - 1);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(cap, Math.max(16L, (long) buffer.length * 2)));
                }
                int n = in.read(buffer, size, buffer.length - size);
                if (n < 0) {
                    break;
                }
                size += n;
                if (size > limit) {
                    throw new PayloadTooLargeException(limit);
                }
            }
            return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }
}
