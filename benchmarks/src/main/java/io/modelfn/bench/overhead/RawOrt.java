package io.modelfn.bench.overhead;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.modelfn.inference.onnx.OnnxSessionSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The floor: one ONNX Runtime session used directly from Java, with the same session options as
 * the engine and in the process's one environment, which the engine created. One
 * call copies a float array into a direct buffer the thread reuses (as the engine and the floor server do: ONNX
 * Runtime reads it in place), runs the session and copies every output into a Java array, the least any Java
 * caller must do.
 *
 * <p>Thread-safe (ONNX Runtime sessions accept concurrent runs).
 */
public final class RawOrt implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;
    private final ThreadLocal<FloatBuffer> inputs = new ThreadLocal<>();

    /** Call after the engine has started (it creates the environment, with its logging level and telemetry off). */
    public RawOrt(Path modelFile, OnnxSessionSettings settings) throws OrtException {
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = settings.toSessionOptions()) {
            this.session = env.createSession(modelFile.toString(), options);
        }
        if (session.getNumInputs() != 1) {
            throw new IllegalArgumentException("the raw baseline feeds models with one input");
        }
        this.input = session.getInputNames().iterator().next();
    }

    /** Runs one float input; returns the number of output values read (so nothing is optimised away). */
    public long run(float[] data, long[] shape) throws OrtException {
        long values = 0;
        FloatBuffer direct = inputBuffer(data.length);
        direct.put(data).flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, direct, shape);
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            for (Map.Entry<String, OnnxValue> output : result) {
                OnnxTensor out = (OnnxTensor) output.getValue();
                values += switch (out.getInfo().type) {
                    case FLOAT -> {
                        FloatBuffer buffer = out.getFloatBuffer();
                        float[] copy = new float[buffer.remaining()];
                        buffer.get(copy);
                        yield copy.length;
                    }
                    case INT64 -> {
                        LongBuffer buffer = out.getLongBuffer();
                        long[] copy = new long[buffer.remaining()];
                        buffer.get(copy);
                        yield copy.length;
                    }
                    default -> throw new IllegalStateException("unexpected output type " + out.getInfo().type);
                };
            }
        }
        return values;
    }

    /**
     * The calling thread's direct buffer, in the native order, cleared, of at least {@code floats} values: ONNX Runtime
     * reads such a buffer in place, where it copies an array into native memory it allocates on every call.
     */
    private FloatBuffer inputBuffer(int floats) {
        FloatBuffer buffer = inputs.get();
        if (buffer == null || buffer.capacity() < floats) {
            buffer = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            inputs.set(buffer);
        }
        return buffer.clear().limit(floats);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
