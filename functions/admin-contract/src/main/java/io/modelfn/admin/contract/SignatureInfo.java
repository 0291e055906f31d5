package io.modelfn.admin.contract;

import java.util.List;

/** A model's inputs and outputs. */
public record SignatureInfo(List<TensorInfo> inputs, List<TensorInfo> outputs) {
}
