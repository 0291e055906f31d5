package io.modelfn.bench.floor;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.modelfn.inference.onnx.OnnxSessionSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * One model version in the floor: an ONNX Runtime session with modelfn's session options (see
 * {@link OnnxSessionSettings#toSessionOptions()}), fed from a decoded request's buffer in place, its outputs written
 * straight to the answer.
 *
 * <p>Thread-safe (ONNX Runtime sessions accept concurrent runs).
 */
final class FloorModel implements AutoCloseable {

    private final String name;
    private final String version;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;

    /** Call after the engine has created ONNX Runtime's environment. */
    FloorModel(String name, String version, Path modelFile, OnnxSessionSettings settings) throws OrtException {
        this.name = name;
        this.version = version;
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = settings.toSessionOptions()) {
            this.session = env.createSession(modelFile.toString(), options);
        }
        if (session.getNumInputs() != 1) {
            throw new IllegalArgumentException("the floor serves models with one input, not " + modelFile);
        }
        this.input = session.getInputNames().iterator().next();
    }

    String name() {
        return name;
    }

    String version() {
        return version;
    }

    /**
     * Runs the decoded request and writes the answer to {@code out}.
     *
     * @throws FloorRequestException when the input's name is not the model's or ONNX Runtime refuses its shape
     */
    void answer(FloorRequest request, FloorCodec codec, OutputStream out) throws IOException {
        if (!input.equals(request.inputName())) {
            throw new FloorRequestException("the model's input is '" + input + "'");
        }
        long[] shape = request.shape();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, request.values(), shape);
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            codec.encode(out, name, version, request.id(), result);
        } catch (OrtException e) {
            throw new FloorRequestException("the model refused the input: " + e.getMessage());
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
