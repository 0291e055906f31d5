"""Writes the hostile and unusual ONNX files that tests use to prove we refuse what we cannot serve.

    models/.venv/bin/python models/scripts/build_test_fixtures.py

Output: functions/serving-core/src/test/resources/onnx/ (small files, committed).
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from onnx_graph import IR_VERSION, OPSET

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                   "functions", "serving-core", "src", "test", "resources", "onnx")


def tiny_model(name, weight_location=None):
    weight = numpy_helper.from_array(np.arange(8, dtype=np.float32).reshape(4, 2), "weight")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["input", "weight"], ["output"])], name,
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 2])], [weight])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    return model


def main():
    os.makedirs(OUT, exist_ok=True)
    # A model whose weights live in another file: ONNX Runtime would read whatever path it names.
    external = tiny_model("external_data")
    weight = external.graph.initializer[0]
    weight.ClearField("raw_data")
    weight.data_location = TensorProto.EXTERNAL
    entry = weight.external_data.add()
    entry.key, entry.value = "location", "../../../../etc/passwd"
    with open(os.path.join(OUT, "external-data.onnx"), "wb") as f:
        f.write(external.SerializeToString())
    # A model with a Constant node whose tensor attribute is external (deeper in the graph).
    const = numpy_helper.from_array(np.ones((4, 2), dtype=np.float32), "const_value")
    const.data_location = TensorProto.EXTERNAL
    const.ClearField("raw_data")
    entry = const.external_data.add()
    entry.key, entry.value = "location", "secrets.bin"
    graph = helper.make_graph(
        [helper.make_node("Constant", [], ["w"], value=const),
         helper.make_node("MatMul", ["input", "w"], ["output"])], "external_attribute",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 2])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    with open(os.path.join(OUT, "external-attribute.onnx"), "wb") as f:
        f.write(model.SerializeToString())
    # A model with a sequence output (not a plain tensor).
    graph = helper.make_graph(
        [helper.make_node("SequenceConstruct", ["input"], ["output"])], "sequence_output",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_sequence_value_info("output", TensorProto.FLOAT, ["batch", 4])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    with open(os.path.join(OUT, "sequence-output.onnx"), "wb") as f:
        f.write(model.SerializeToString())
    # Every element type the engine carries, each input passed through to an output of its own: the
    # engine's conversions in and out, checked value for value.
    types = [("fp32", TensorProto.FLOAT), ("fp64", TensorProto.DOUBLE), ("fp16", TensorProto.FLOAT16),
             ("int8", TensorProto.INT8), ("uint8", TensorProto.UINT8), ("int32", TensorProto.INT32),
             ("int64", TensorProto.INT64), ("bool", TensorProto.BOOL), ("bytes", TensorProto.STRING)]
    graph = helper.make_graph(
        [helper.make_node("Identity", ["in_" + n], ["out_" + n]) for n, _ in types], "identity_all_types",
        [helper.make_tensor_value_info("in_" + n, t, ["batch", 3]) for n, t in types],
        [helper.make_tensor_value_info("out_" + n, t, ["batch", 3]) for n, t in types])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    with open(os.path.join(OUT, "identity-all-types.onnx"), "wb") as f:
        f.write(model.SerializeToString())
    # A plain valid one, for contrast.
    with open(os.path.join(OUT, "tiny-matmul.onnx"), "wb") as f:
        f.write(tiny_model("tiny").SerializeToString())
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()
