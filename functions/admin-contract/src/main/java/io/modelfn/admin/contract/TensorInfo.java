package io.modelfn.admin.contract;

import java.util.List;

/** One input or output of a model: name, ONNX data type and shape (-1 for a dynamic dimension). */
public record TensorInfo(String name, String datatype, List<Long> shape) {
}
