"""Builds small ONNX graphs by hand from trained weights.

Writing the graph ourselves (instead of a framework exporter) keeps the operator set small and
known (MatMul, Add, Relu, Conv, MaxPool, Softmax, ArgMax), the files byte-stable across exporter
releases, and the models loadable by every ONNX Runtime the Java side may pin.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
# IR version 8 is read by every ONNX Runtime since 1.13; newer `onnx` packages default higher.
IR_VERSION = 8
PRODUCER = "modelfn-models"


class GraphBuilder:
    """Accumulates nodes and initializers with unique, readable names."""

    def __init__(self, name):
        self.name = name
        self.nodes = []
        self.initializers = []
        self._counter = 0

    def _fresh(self, stem):
        self._counter += 1
        return f"{stem}_{self._counter}"

    def const(self, stem, array):
        name = self._fresh(stem)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op_type, inputs, stem=None, outputs=None, **attrs):
        out = outputs or [self._fresh(stem or op_type.lower())]
        self.nodes.append(helper.make_node(op_type, inputs, out, name=self._fresh(op_type), **attrs))
        return out[0] if len(out) == 1 else out

    def dense(self, x, weight, bias, activation=None, output=None):
        """y = x @ weight + bias, weight shaped [in, out]; `output` names a graph output."""
        y = self.op("MatMul", [x, self.const("weight", weight.astype(np.float32))], "matmul")
        y = self.op("Add", [y, self.const("bias", bias.astype(np.float32))], "dense",
                    outputs=[output] if output else None)
        if activation == "relu":
            y = self.op("Relu", [y], "relu")
        return y

    def classifier_head(self, logits, probabilities="probabilities", label="label"):
        """Softmax probabilities and the arg-max label (int64), as graph outputs."""
        self.op("Softmax", [logits], outputs=[probabilities], axis=-1)
        self.op("ArgMax", [logits], outputs=[label], axis=1, keepdims=0)

    def model(self, inputs, outputs, doc):
        graph = helper.make_graph(self.nodes, self.name, inputs, outputs, self.initializers)
        model = helper.make_model(
            graph,
            producer_name=PRODUCER,
            opset_imports=[helper.make_opsetid("", OPSET)],
            doc_string=doc,
        )
        model.ir_version = IR_VERSION
        onnx.checker.check_model(model, full_check=True)
        return model


def tensor_info(name, elem_type, shape):
    """A graph input/output; -1 in `shape` becomes a symbolic (dynamic) dimension."""
    dims = ["batch" if d == -1 else d for d in shape]
    return helper.make_tensor_value_info(name, elem_type, dims)


FLOAT = TensorProto.FLOAT
INT64 = TensorProto.INT64
