package io.modelfn.core.prediction;

import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers kept for endpoints that opt in: the outputs of one model version for one exact input, so a
 * repeated request is answered without running the model. Keyed by the version and a SHA-256 digest
 * of the inputs (names, datatypes, shapes and values) and the requested outputs, so an answer is
 * never served for another version or another input. Bounded in entries and in bytes; the least
 * recently used answers go first.
 *
 * <p>Thread-safe. Cached tensors are shared between callers and must not be modified (nothing in the
 * serving path modifies a tensor).
 */
public final class ResultCache {

    /** Bytes counted for an entry beyond its tensors' data (key, map entry, tensor objects). */
    static final int ENTRY_OVERHEAD = 256;

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;
    /** Per thread, reused by every key: nothing allocated for them on the request path. */
    private static final ThreadLocal<ByteBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN));
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    /**
     * @param maxEntries most answers kept
     * @param maxBytes most bytes of outputs kept; an answer larger than a quarter of it is not kept
     */
    public ResultCache(int maxEntries, long maxBytes) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a result cache holds at least one entry and one byte");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** The key of a request: which version, which inputs, which outputs. */
    public record Key(ModelKey version, Digest inputs, List<String> outputs) {
    }

    /** A SHA-256 digest, compared by value. */
    public record Digest(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Digest d && Arrays.equals(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return java.util.HexFormat.of().formatHex(bytes);
        }
    }

    private record Entry(Map<String, Tensor> outputs, long bytes) {
    }

    /** The key of these inputs to this version, asking for these outputs (empty: all). */
    public static Key key(ModelKey version, Map<String, Tensor> inputs, List<String> outputs) {
        MessageDigest sha256 = SHA256.get();
        sha256.reset(); // in case an earlier key on this thread failed halfway
        ByteBuffer scratch = SCRATCH.get();
        // Sorted by name, so the order a client lists its inputs in does not matter.
        inputs.keySet().stream().sorted().forEach(name -> digest(sha256, scratch, inputs.get(name)));
        return new Key(version, new Digest(sha256.digest()), List.copyOf(outputs));
    }

    /** The kept answer for this key, or null. */
    public Map<String, Tensor> get(Key key) {
        Entry entry;
        synchronized (this) {
            entry = entries.get(key);
        }
        return entry == null ? null : entry.outputs();
    }

    /** Keeps an answer, evicting the least recently used ones past the bounds. */
    public void put(Key key, Map<String, Tensor> outputs) {
        long size = ENTRY_OVERHEAD;
        for (Tensor t : outputs.values()) {
            size += dataBytes(t);
        }
        if (size > maxBytes / 4) {
            return; // one huge answer would push out many small ones
        }
        // In the model's output order: a kept answer must read exactly as the computed one.
        synchronized (this) {
            Entry previous = entries.put(key, new Entry(Collections.unmodifiableMap(new LinkedHashMap<>(outputs)), size));
            bytes += size - (previous == null ? 0 : previous.bytes());
            var oldest = entries.entrySet().iterator();
            while ((entries.size() > maxEntries || bytes > maxBytes) && oldest.hasNext()) {
                Entry evicted = oldest.next().getValue();
                oldest.remove();
                bytes -= evicted.bytes();
            }
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    private static void digest(MessageDigest sha256, ByteBuffer scratch, Tensor tensor) {
        byte[] name = tensor.name().getBytes(StandardCharsets.UTF_8);
        scratch.clear();
        scratch.putInt(name.length);
        flush(sha256, scratch);
        sha256.update(name);
        scratch.putInt(tensor.dataType().ordinal()).putInt(tensor.shape().length);
        for (long dim : tensor.shape()) {
            flushIfFull(sha256, scratch, 8);
            scratch.putLong(dim);
        }
        switch (tensor.dataType()) {
            case FP32 -> {
                for (float v : tensor.floats()) {
                    flushIfFull(sha256, scratch, 4);
                    scratch.putFloat(v);
                }
            }
            case FP64 -> {
                for (double v : tensor.doubles()) {
                    flushIfFull(sha256, scratch, 8);
                    scratch.putDouble(v);
                }
            }
            case INT32, UINT32 -> {
                for (int v : tensor.ints()) {
                    flushIfFull(sha256, scratch, 4);
                    scratch.putInt(v);
                }
            }
            case INT64, UINT64 -> {
                for (long v : tensor.longs()) {
                    flushIfFull(sha256, scratch, 8);
                    scratch.putLong(v);
                }
            }
            case INT16, UINT16, FP16 -> {
                for (short v : tensor.shorts()) {
                    flushIfFull(sha256, scratch, 2);
                    scratch.putShort(v);
                }
            }
            case INT8, UINT8 -> {
                flush(sha256, scratch);
                sha256.update(tensor.bytes());
            }
            case BOOL -> {
                for (boolean v : tensor.booleans()) {
                    flushIfFull(sha256, scratch, 1);
                    scratch.put((byte) (v ? 1 : 0));
                }
            }
            case BYTES -> {
                for (String v : tensor.strings()) {
                    byte[] text = v.getBytes(StandardCharsets.UTF_8);
                    flushIfFull(sha256, scratch, 4);
                    scratch.putInt(text.length);
                    flush(sha256, scratch);
                    sha256.update(text);
                }
            }
        }
        flush(sha256, scratch);
    }

    private static void flushIfFull(MessageDigest sha256, ByteBuffer scratch, int needed) {
        if (scratch.remaining() < needed) {
            flush(sha256, scratch);
        }
    }

    private static void flush(MessageDigest sha256, ByteBuffer scratch) {
        scratch.flip();
        sha256.update(scratch);
        scratch.clear();
    }

    private static long dataBytes(Tensor tensor) {
        return tensor.dataType() == DataType.BYTES
                ? Arrays.stream(tensor.strings()).mapToLong(s -> 16 + 2L * s.length()).sum()
                : (long) tensor.size() * tensor.dataType().byteSize();
    }
}
