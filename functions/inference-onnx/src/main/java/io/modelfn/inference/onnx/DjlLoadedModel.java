package io.modelfn.inference.onnx;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.modelfn.core.inference.InferenceException;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.tensor.Tensor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session behind DJL's {@link Model}. ONNX Runtime sessions accept concurrent
 * {@code run} calls; every call gets its own NDManager, so native tensors are freed when it ends.
 */
final class DjlLoadedModel implements LoadedModel {

    /** Session overhead beyond the weights: graph, kernels, arena. Measured order of magnitude. */
    private static final long SESSION_OVERHEAD_BYTES = 8L * 1024 * 1024;

    private final ModelKey key;
    private final Model model;
    private final Signature signature;
    private final List<String> inputOrder;
    private final long memoryBytes;
    private final boolean rowsIndependent;

    DjlLoadedModel(ModelKey key, Model model, Signature signature, long fileSize, boolean rowsIndependent) {
        this.key = key;
        this.model = model;
        this.signature = signature;
        this.inputOrder = signature.inputs().stream().map(TensorSpec::name).toList();
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
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList feed = new NDList(inputOrder.size());
            for (String name : inputOrder) {
                Tensor tensor = inputs.get(name);
                if (tensor == null) {
                    throw new IllegalArgumentException("missing input " + name);
                }
                feed.add(NdConversions.toNd(manager, tensor));
            }
            NDList result = model.getBlock().forward(new ParameterStore(manager, false), feed, false);
            Map<String, Tensor> answer = new LinkedHashMap<>();
            for (NDArray array : result) {
                String name = array.getName();
                if (outputs.isEmpty() || outputs.contains(name)) {
                    answer.put(name, NdConversions.fromNd(name, array));
                }
            }
            return answer;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InferenceException("inference on " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "DjlLoadedModel[" + key + "]";
    }
}
