package io.modelfn.inference.onnx;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import io.modelfn.core.artifact.InvalidModelArtifactException;
import io.modelfn.core.artifact.OnnxModelInfo;
import io.modelfn.core.artifact.OnnxModelInspector;
import io.modelfn.core.inference.EngineUnavailableException;
import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.inference.ModelLoadException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link InferenceEngine} on DJL's ONNX Runtime engine.
 *
 * <p>Before any session is created the file is inspected on its own bytes: a model that refers to
 * external data (which would make ONNX Runtime read arbitrary files beside it), declares inputs or
 * outputs that are not plain tensors, or uses element types DJL cannot carry is refused.
 *
 * <p>Thread-safe.
 */
public final class DjlOnnxEngine implements InferenceEngine {

    static final String ENGINE = "OnnxRuntime";

    private final OnnxSessionSettings settings;
    private final Device device;

    public DjlOnnxEngine(OnnxSessionSettings settings) {
        this.settings = settings;
        this.device = settings.gpu() ? Device.gpu() : Device.cpu();
        RuntimeDefaults.apply();
    }

    /** Starts the ONNX Runtime environment now rather than on the first load (warm-up, SnapStart). */
    public DjlOnnxEngine warmUp() {
        start();
        return this;
    }

    /**
     * Loads DJL's ONNX Runtime engine and with it ONNX Runtime's native libraries (from
     * {@code onnxruntime.native.path}, e.g. the Lambda layer's {@value RuntimeDefaults#LAYER_NATIVES},
     * or unpacked from the jar when it carries them).
     */
    @Override
    public void start() {
        try {
            Engine.getEngine(ENGINE);
        } catch (RuntimeException | LinkageError e) {
            throw new EngineUnavailableException("ONNX Runtime cannot start here (native libraries from "
                    + System.getProperty("onnxruntime.native.path", "the onnxruntime jar") + "): " + rootMessage(e), e);
        }
    }

    @Override
    public String name() {
        return settings.gpu() ? "onnxruntime-cuda" : "onnxruntime-cpu";
    }

    public OnnxSessionSettings settings() {
        return settings;
    }

    @Override
    public LoadedModel load(ModelKey key, Path modelFile) {
        OnnxModelInfo info;
        long fileSize;
        try {
            info = OnnxModelInspector.inspect(modelFile);
            fileSize = Files.size(modelFile);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + key + ": " + e.getMessage(), e);
        }
        refuseWhatWeCannotServe(key, info);

        Model model = Model.newInstance(key.toString(), device, ENGINE);
        try {
            model.load(modelFile.getParent(), stem(modelFile), settings.toDjlOptions());
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelLoadException("ONNX Runtime cannot create a session for " + key + ": "
                    + rootMessage(e), e);
        }
        return new DjlLoadedModel(key, model, info.signature(), fileSize, info.rowsIndependent());
    }

    private static void refuseWhatWeCannotServe(ModelKey key, OnnxModelInfo info) {
        List<String> problems = new ArrayList<>();
        if (!info.externalDataTensors().isEmpty()) {
            problems.add("refers to external data for " + info.externalDataTensors());
        }
        if (!info.unsupportedTensors().isEmpty()) {
            problems.add("declares inputs or outputs that are not servable tensors: " + info.unsupportedTensors());
        }
        for (TensorSpec spec : concat(info.signature().inputs(), info.signature().outputs())) {
            if (!NdConversions.supports(spec.dataType())) {
                problems.add(spec.name() + " has type " + spec.dataType().onnxName() + ", which ONNX Runtime on DJL cannot carry");
            }
        }
        if (info.signature().inputs().isEmpty() || info.signature().outputs().isEmpty()) {
            problems.add("declares no inputs or no outputs");
        }
        if (!problems.isEmpty()) {
            throw new InvalidModelArtifactException(key + " " + String.join("; ", problems));
        }
    }

    private static List<TensorSpec> concat(List<TensorSpec> a, List<TensorSpec> b) {
        List<TensorSpec> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String stem(Path modelFile) {
        String file = modelFile.getFileName().toString();
        return file.endsWith(".onnx") ? file.substring(0, file.length() - ".onnx".length()) : file;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
