package io.modelfn.core.artifact;

import io.modelfn.core.model.Signature;
import java.util.List;
import java.util.Map;

/**
 * What an ONNX file declares about itself, read without creating a session.
 *
 * @param opsets operator set version by domain ({@code ""} is the default ONNX domain)
 * @param signature graph inputs (less initializers) and outputs, -1 for dynamic dimensions
 * @param externalDataTensors names of tensors whose data lives outside the file
 * @param unsupportedTensors inputs or outputs that are not plain tensors of a type we serve
 */
public record OnnxModelInfo(
        long irVersion,
        String producerName,
        Map<String, Long> opsets,
        Signature signature,
        int nodeCount,
        List<String> externalDataTensors,
        List<String> unsupportedTensors) {

    public OnnxModelInfo {
        opsets = Map.copyOf(opsets);
        externalDataTensors = List.copyOf(externalDataTensors);
        unsupportedTensors = List.copyOf(unsupportedTensors);
    }
}
