package io.modelfn.inference.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Native memory lent to one call's input tensors for the length of its run. ONNX Runtime copies an input held in
 * a Java array into a direct buffer it allocates (and zeroes, and registers for cleaning) on every call; a tensor
 * made on a direct buffer of the native byte order is used in place. A call takes one buffer of {@link #SIZE} bytes
 * for all its inputs and gives it back once their tensors are closed; inputs that do not fit go the array way.
 * At most {@link #KEPT} buffers are kept between calls; more callers at once allocate, and what is not kept is left
 * to the collector.
 *
 * <p>Thread-safe: a buffer is lent to one call at a time.
 */
final class InputBuffers {

    /** Bytes of one lent buffer: the inputs of a call up to this size go through it. */
    static final int SIZE = 64 * 1024;
    /** Buffers kept between calls. */
    static final int KEPT = 16;

    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();

    /** A buffer of {@link #SIZE} bytes in the native order, positioned at 0; give it back with {@link #give}. */
    ByteBuffer take() {
        ByteBuffer buffer = free.poll();
        if (buffer == null) {
            return ByteBuffer.allocateDirect(SIZE).order(ByteOrder.nativeOrder());
        }
        freeCount.decrementAndGet();
        return buffer.clear();
    }

    /** Gives back a buffer from {@link #take}, once no tensor made on it is open. */
    void give(ByteBuffer buffer) {
        if (freeCount.incrementAndGet() <= KEPT) {
            free.offer(buffer);
        } else {
            freeCount.decrementAndGet();
        }
    }

    /** Buffers now kept (tests). */
    int kept() {
        return freeCount.get();
    }
}
