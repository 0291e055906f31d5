package io.modelfn.bench.loadtime;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Writes a valid ONNX model of about a given size, with no ONNX library: the protobuf is written
 * field by field. The model is one {@code MatMul}: {@code output[-1, M] = input[-1, K] × W[K, M]},
 * W a float initializer of random values (so that nothing compresses or deduplicates it) stored as
 * {@code raw_data}; K is fixed and M chosen so the file has about the requested size. Opset 17, IR 8,
 * no external data, as the sample models. The weights are streamed: memory stays small whatever the size.
 */
public final class OnnxModelWriter {

    /** The input width. */
    public static final int K = 256;
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    private static final int FLOAT = 1; // TensorProto.DataType.FLOAT

    /**
     * @param file where the model goes
     * @param sha256 lower-case hex digest of the file
     * @param sizeBytes the file's size
     * @param outputs M, the width of the output
     */
    public record Written(Path file, String sha256, long sizeBytes, int outputs) {
    }

    private OnnxModelWriter() {
    }

    /** Writes a model of about {@code targetBytes} (at least one output column) to {@code file}. */
    public static Written write(Path file, long targetBytes, long seed) throws IOException {
        int outputs = (int) Math.max(1, targetBytes / (4L * K));
        long weightBytes = 4L * K * outputs;
        byte[] node = node();
        byte[] tensorHead = tensorHead(outputs, weightBytes);
        byte[] input = valueInfo(INPUT, K);
        byte[] output = valueInfo(OUTPUT, outputs);
        byte[] graphName = field(2, "generated".getBytes(StandardCharsets.UTF_8));
        long initializerLength = tensorHead.length + weightBytes;
        long graphLength = fieldLength(1, node.length) + graphName.length + fieldLength(5, initializerLength)
                + fieldLength(11, input.length) + fieldLength(12, output.length);

        Files.createDirectories(file.toAbsolutePath().getParent());
        MessageDigest sha = sha256();
        try (OutputStream raw = Files.newOutputStream(file);
                DigestOutputStream digesting = new DigestOutputStream(new BufferedOutputStream(raw, 1 << 20), sha)) {
            ProtoOut out = new ProtoOut(digesting);
            out.varintField(1, 8); // ir_version
            out.bytesField(2, "modelfn-benchmarks".getBytes(StandardCharsets.UTF_8)); // producer_name
            out.tag(7, 2); // graph
            out.varint(graphLength);
            out.bytesField(1, node);
            out.raw(graphName);
            out.tag(5, 2); // initializer
            out.varint(initializerLength);
            out.raw(tensorHead);
            writeWeights(digesting, K * (long) outputs, seed);
            out.bytesField(11, input);
            out.bytesField(12, output);
            byte[] opset = message(o -> {
                o.bytesField(1, new byte[0]); // domain "" (the default ONNX domain)
                o.varintField(2, 17);
            });
            out.bytesField(8, opset); // opset_import
        }
        return new Written(file, HexFormat.of().formatHex(sha.digest()), Files.size(file), outputs);
    }

    /** NodeProto: MatMul(input, W) -> output. */
    private static byte[] node() {
        return message(o -> {
            o.bytesField(1, INPUT.getBytes(StandardCharsets.UTF_8));
            o.bytesField(1, "W".getBytes(StandardCharsets.UTF_8));
            o.bytesField(2, OUTPUT.getBytes(StandardCharsets.UTF_8));
            o.bytesField(3, "matmul".getBytes(StandardCharsets.UTF_8));
            o.bytesField(4, "MatMul".getBytes(StandardCharsets.UTF_8));
        });
    }

    /** TensorProto W up to (and including) the tag and length of raw_data; the bytes follow. */
    private static byte[] tensorHead(int outputs, long weightBytes) {
        return message(o -> {
            o.varintField(1, K); // dims
            o.varintField(1, outputs);
            o.varintField(2, FLOAT); // data_type
            o.bytesField(8, "W".getBytes(StandardCharsets.UTF_8)); // name
            o.tag(9, 2); // raw_data
            o.varint(weightBytes);
        });
    }

    /** ValueInfoProto of a float tensor [-1 (dim_param "batch"), width]. */
    private static byte[] valueInfo(String name, int width) {
        byte[] batch = message(o -> o.bytesField(2, "batch".getBytes(StandardCharsets.UTF_8)));
        byte[] columns = message(o -> o.varintField(1, width));
        byte[] shape = message(o -> {
            o.bytesField(1, batch);
            o.bytesField(1, columns);
        });
        byte[] tensor = message(o -> {
            o.varintField(1, FLOAT); // elem_type
            o.bytesField(2, shape);
        });
        byte[] type = message(o -> o.bytesField(1, tensor)); // TypeProto.tensor_type
        return message(o -> {
            o.bytesField(1, name.getBytes(StandardCharsets.UTF_8));
            o.bytesField(2, type);
        });
    }

    private static void writeWeights(OutputStream out, long count, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        for (long written = 0; written < count; written++) {
            if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            chunk.putFloat((float) (random.nextDouble() - 0.5) * 0.01f);
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    private static byte[] field(int number, byte[] value) {
        return message(o -> o.bytesField(number, value));
    }

    private static long fieldLength(int number, long length) {
        return varintSize(((long) number << 3) | 2) + varintSize(length) + length;
    }

    private static int varintSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static byte[] message(ProtoWriter writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writer.write(new ProtoOut(bytes));
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory", e);
        }
        return bytes.toByteArray();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @FunctionalInterface
    private interface ProtoWriter {
        void write(ProtoOut out) throws IOException;
    }

    /** Protocol buffers wire format: varints and length-delimited fields. */
    private static final class ProtoOut {
        private final OutputStream out;

        ProtoOut(OutputStream out) {
            this.out = out;
        }

        void tag(int number, int wireType) throws IOException {
            varint(((long) number << 3) | wireType);
        }

        void varint(long value) throws IOException {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }

        void varintField(int number, long value) throws IOException {
            tag(number, 0);
            varint(value);
        }

        void bytesField(int number, byte[] value) throws IOException {
            tag(number, 2);
            varint(value.length);
            out.write(value);
        }

        void raw(byte[] bytes) throws IOException {
            out.write(bytes);
        }
    }
}
