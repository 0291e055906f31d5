package io.modelfn.core.artifact;

import io.modelfn.core.model.Signature;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an ONNX file declares about itself, read without creating a session.
 *
 * @param opsets operator set version by domain ({@code ""} is the default ONNX domain)
 * @param signature graph inputs (less initializers) and outputs, -1 for dynamic dimensions
 * @param externalDataTensors names of tensors whose data lives outside the file
 * @param unsupportedTensors inputs or outputs that are not plain tensors of a type we serve
 * @param opTypes the operators the graph and its sub-graphs use
 */
public record OnnxModelInfo(
        long irVersion,
        String producerName,
        Map<String, Long> opsets,
        Signature signature,
        int nodeCount,
        List<String> externalDataTensors,
        List<String> unsupportedTensors,
        Set<String> opTypes) {

    /**
     * Operators whose result for one row depends on the other rows of the batch: dynamic quantisation
     * takes its scale from the whole tensor (ONNX Runtime's {@code quantize_dynamic} models).
     */
    private static final Set<String> BATCH_DEPENDENT_OPS =
            Set.of("DynamicQuantizeLinear", "DynamicQuantizeMatMul", "DynamicQuantizeLSTM");

    public OnnxModelInfo {
        opsets = Map.copyOf(opsets);
        externalDataTensors = List.copyOf(externalDataTensors);
        unsupportedTensors = List.copyOf(unsupportedTensors);
        opTypes = Set.copyOf(opTypes);
    }

    /**
     * Whether each row of a batch gets the answer it would get alone, so requests may be joined into
     * one call: false when an operator computes over the whole batch.
     */
    public boolean rowsIndependent() {
        return opTypes.stream().noneMatch(BATCH_DEPENDENT_OPS::contains);
    }
}
