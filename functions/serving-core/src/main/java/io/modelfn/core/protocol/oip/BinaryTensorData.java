package io.modelfn.core.protocol.oip;

import io.modelfn.core.model.DataType;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.tensor.Tensor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One tensor's values in the binary tensor data extension's layout: little-endian, row-major, no
 * padding, each element in its type's native size; BOOL one byte (0 or 1); BYTES each element a 4-byte
 * little-endian unsigned length followed by that many bytes. Values are read straight from the body
 * into the tensor's primitive array and written straight from it, with no intermediate objects.
 *
 * <p>BYTES tensors hold text in this server ({@link Tensor} keeps them as strings, as the JSON form
 * does): their elements must be UTF-8, and are written back as UTF-8.
 *
 * <p>Stateless and thread-safe.
 */
public final class BinaryTensorData {

    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private BinaryTensorData() {
    }

    /**
     * Reads a tensor from {@code size} bytes of {@code source} at {@code offset}.
     *
     * @throws MalformedRequestException when the size does not fit the shape and type, or a value does
     *     not fit the type (a BOOL byte other than 0 or 1, a BYTES element that is not UTF-8 or overruns)
     */
    public static Tensor read(String name, DataType type, long[] shape, byte[] source, int offset, int size) {
        long count = Tensor.elementCount(shape);
        if (count < 0) {
            throw new MalformedRequestException("tensor '" + OipCodec.abbreviate(name) + "' has an invalid shape "
                    + Arrays.toString(shape) + " (negative dimension, or more elements than a tensor can hold)");
        }
        int n = (int) count;
        if (type == DataType.BYTES) {
            return Tensor.of(name, type, shape, strings(name, n, source, offset, size));
        }
        long expected = count * type.byteSize();
        if (expected != size) {
            throw new MalformedRequestException("tensor '" + OipCodec.abbreviate(name) + "' has binary_data_size " + size
                    + " but its shape " + Arrays.toString(shape) + " of " + type.oipName() + " needs " + expected + " bytes");
        }
        Object values = switch (type) {
            case BOOL -> booleans(name, n, source, offset);
            case UINT8, INT8 -> Arrays.copyOfRange(source, offset, offset + n);
            case UINT16, INT16, FP16 -> {
                short[] v = new short[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (short) SHORTS.get(source, offset + 2 * i);
                }
                yield v;
            }
            case UINT32, INT32 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (int) INTS.get(source, offset + 4 * i);
                }
                yield v;
            }
            case UINT64, INT64 -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (long) LONGS.get(source, offset + 8 * i);
                }
                yield v;
            }
            case FP32 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Float.intBitsToFloat((int) INTS.get(source, offset + 4 * i));
                }
                yield v;
            }
            case FP64 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Double.longBitsToDouble((long) LONGS.get(source, offset + 8 * i));
                }
                yield v;
            }
            case BYTES -> throw new IllegalStateException("BYTES is read above");
        };
        return Tensor.of(name, type, shape, values);
    }

    private static boolean[] booleans(String name, int n, byte[] source, int offset) {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) {
            byte b = source[offset + i];
            if (b != 0 && b != 1) {
                throw new MalformedRequestException("tensor '" + OipCodec.abbreviate(name)
                        + "' is BOOL: each binary element must be the byte 0 or 1");
            }
            v[i] = b == 1;
        }
        return v;
    }

    private static String[] strings(String name, int n, byte[] source, int offset, int size) {
        // Each element takes at least its 4-byte length: a shape claiming more cannot fit the bytes given.
        if ((long) n * 4 > size) {
            throw new MalformedRequestException("tensor '" + OipCodec.abbreviate(name) + "' has binary_data_size " + size
                    + ", too small for the " + n + " BYTES elements its shape holds (4-byte length each)");
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String[] v = new String[n];
        int at = offset;
        int end = offset + size;
        for (int i = 0; i < n; i++) {
            if (end - at < 4) {
                throw bytesOverrun(name);
            }
            long length = Integer.toUnsignedLong((int) INTS.get(source, at));
            at += 4;
            if (length > end - at) {
                throw bytesOverrun(name);
            }
            try {
                CharBuffer text = utf8.decode(ByteBuffer.wrap(source, at, (int) length));
                v[i] = text.toString();
            } catch (CharacterCodingException e) {
                throw new MalformedRequestException("tensor '" + OipCodec.abbreviate(name)
                        + "' is BYTES: element " + i + " is not UTF-8 text");
            }
            at += (int) length;
        }
        if (at != end) {
            throw new MalformedRequestException("tensor '" + OipCodec.abbreviate(name) + "' has binary_data_size " + size
                    + " but its " + n + " BYTES elements take " + (at - offset) + " bytes");
        }
        return v;
    }

    private static MalformedRequestException bytesOverrun(String name) {
        return new MalformedRequestException("tensor '" + OipCodec.abbreviate(name)
                + "' is BYTES: an element's length runs past its binary_data_size");
    }

    /** The number of bytes {@link #write} writes for {@code tensor}. */
    public static long size(Tensor tensor) {
        if (tensor.dataType() != DataType.BYTES) {
            return (long) tensor.size() * tensor.dataType().byteSize();
        }
        long size = 0;
        for (String s : tensor.strings()) {
            size += 4 + utf8Length(s);
        }
        return size;
    }

    /**
     * Writes {@code tensor}'s values into {@code target} at {@code offset}, which must have room for
     * {@link #size} bytes.
     *
     * @return the offset after the last byte written
     */
    public static int write(Tensor tensor, byte[] target, int offset) {
        int n = tensor.size();
        switch (tensor.dataType()) {
            case BOOL -> {
                boolean[] v = tensor.booleans();
                for (int i = 0; i < n; i++) {
                    target[offset + i] = (byte) (v[i] ? 1 : 0);
                }
                return offset + n;
            }
            case UINT8, INT8 -> {
                System.arraycopy(tensor.bytes(), 0, target, offset, n);
                return offset + n;
            }
            case UINT16, INT16, FP16 -> {
                short[] v = tensor.shorts();
                for (int i = 0; i < n; i++) {
                    SHORTS.set(target, offset + 2 * i, v[i]);
                }
                return offset + 2 * n;
            }
            case UINT32, INT32 -> {
                int[] v = tensor.ints();
                for (int i = 0; i < n; i++) {
                    INTS.set(target, offset + 4 * i, v[i]);
                }
                return offset + 4 * n;
            }
            case UINT64, INT64 -> {
                long[] v = tensor.longs();
                for (int i = 0; i < n; i++) {
                    LONGS.set(target, offset + 8 * i, v[i]);
                }
                return offset + 8 * n;
            }
            case FP32 -> {
                float[] v = tensor.floats();
                for (int i = 0; i < n; i++) {
                    // Raw bits: a NaN's payload is kept, as numpy's tobytes() keeps it.
                    INTS.set(target, offset + 4 * i, Float.floatToRawIntBits(v[i]));
                }
                return offset + 4 * n;
            }
            case FP64 -> {
                double[] v = tensor.doubles();
                for (int i = 0; i < n; i++) {
                    LONGS.set(target, offset + 8 * i, Double.doubleToRawLongBits(v[i]));
                }
                return offset + 8 * n;
            }
            case BYTES -> {
                int at = offset;
                for (String s : tensor.strings()) {
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    INTS.set(target, at, utf8.length);
                    System.arraycopy(utf8, 0, target, at + 4, utf8.length);
                    at += 4 + utf8.length;
                }
                return at;
            }
            default -> throw new IllegalStateException("unhandled type " + tensor.dataType());
        }
    }

    private static long utf8Length(String s) {
        long length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                // Other chars, lone surrogates included (String.getBytes writes '?' for those: 1 byte).
                length += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        return length;
    }
}
