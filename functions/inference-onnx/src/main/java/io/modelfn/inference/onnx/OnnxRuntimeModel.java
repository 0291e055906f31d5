package io.modelfn.inference.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.modelfn.core.inference.InferenceException;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One ONNX Runtime session. Sessions accept concurrent {@code run} calls; each call makes its own native input
 * tensors (in memory lent by the engine's {@link InputBuffers} where they fit) and frees them, with its results,
 * before it returns. Only the outputs asked for are computed.
 */
final class OnnxRuntimeModel implements LoadedModel {

    /** Session overhead beyond the weights: graph, kernels, arena. Measured order of magnitude. */
    private static final long SESSION_OVERHEAD_BYTES = 8L * 1024 * 1024;

    private final ModelKey key;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Signature signature;
    private final List<String> inputOrder;
    /** The session's outputs, in the model's order (answers list them in it). */
    private final List<String> outputOrder;
    private final Set<String> allOutputs;
    private final long memoryBytes;
    private final boolean rowsIndependent;
    private final InputBuffers inputBuffers;

    OnnxRuntimeModel(ModelKey key, OrtEnvironment env, OrtSession session, Signature signature, long fileSize,
            boolean rowsIndependent, InputBuffers inputBuffers) {
        this.key = key;
        this.inputBuffers = inputBuffers;
        this.env = env;
        this.session = session;
        this.signature = signature;
        this.inputOrder = signature.inputs().stream().map(TensorSpec::name).toList();
        this.outputOrder = List.copyOf(session.getOutputNames());
        this.allOutputs = Collections.unmodifiableSet(new LinkedHashSet<>(outputOrder));
        // Weights are held once by the session; optimised graphs may add pre-packed copies.
        this.memoryBytes = 2 * fileSize + SESSION_OVERHEAD_BYTES;
        this.rowsIndependent = rowsIndependent;
    }

    @Override
    public ModelKey key() {
        return key;
    }

    @Override
    public Signature signature() {
        return signature;
    }

    @Override
    public long memoryBytes() {
        return memoryBytes;
    }

    @Override
    public boolean rowsIndependent() {
        return rowsIndependent;
    }

    @Override
    public Map<String, Tensor> infer(Map<String, Tensor> inputs, Collection<String> outputs) {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>(inputOrder.size() * 2);
        ByteBuffer lent = inputBuffers.take();
        try {
            for (String name : inputOrder) {
                Tensor tensor = inputs.get(name);
                if (tensor == null) {
                    throw new IllegalArgumentException("missing input " + name);
                }
                OnnxTensor placed = OrtTensors.toOrtIn(env, tensor, lent);
                feed.put(name, placed != null ? placed : OrtTensors.toOrt(env, tensor));
            }
            Set<String> answered = answered(outputs);
            // None of the asked-for names is an output: the answer is empty; the session still runs, so that a bad
            // input fails as it would otherwise.
            Set<String> computed = answered.isEmpty() ? allOutputs : answered;
            try (OrtSession.Result result = session.run(feed, computed)) {
                Map<String, Tensor> answer = new LinkedHashMap<>();
                for (String name : outputOrder) {
                    if (!answered.contains(name)) {
                        continue;
                    }
                    Optional<OnnxValue> value = result.get(name);
                    if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
                        throw new IllegalStateException("model output " + name + " is not a tensor");
                    }
                    answer.put(name, OrtTensors.fromOrt(name, tensor));
                }
                return answer;
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (OrtException | RuntimeException e) {
            throw new InferenceException("inference on " + key + " failed: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
            inputBuffers.give(lent);
        }
    }

    /** The outputs to answer: those asked for that the model has, in its order; all when none is asked for. */
    private Set<String> answered(Collection<String> outputs) {
        if (outputs.isEmpty()) {
            return allOutputs;
        }
        Set<String> answered = new LinkedHashSet<>();
        for (String name : outputOrder) {
            if (outputs.contains(name)) {
                answered.add(name);
            }
        }
        return answered;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new InferenceException("closing the session of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "OnnxRuntimeModel[" + key + "]";
    }
}
