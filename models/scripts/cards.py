"""Writes a model version's folder: model.onnx, its model.json card and reference.json vectors.

The card describes the artifact that is actually written: signature read back from the ONNX file,
sha256 and size of its bytes, metrics computed by ONNX Runtime on held-out data.
"""
import hashlib
import json
import os
import platform

import numpy as np
import onnx
import onnxruntime as ort
import sklearn
from onnx import TensorProto

REPO_MODELS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA_VERSION = 1

# ONNX element type -> Open Inference Protocol datatype, for the reference tensors.
OIP_DATATYPE = {
    TensorProto.FLOAT: "FP32",
    TensorProto.DOUBLE: "FP64",
    TensorProto.INT32: "INT32",
    TensorProto.INT64: "INT64",
    TensorProto.BOOL: "BOOL",
}
NUMPY_TO_OIP = {
    np.dtype(np.float32): "FP32",
    np.dtype(np.float64): "FP64",
    np.dtype(np.int32): "INT32",
    np.dtype(np.int64): "INT64",
    np.dtype(np.bool_): "BOOL",
}


def versions():
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
        "onnx": onnx.__version__,
        "onnxruntime": ort.__version__,
    }


def session(path, threads=1):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def signature_of(model_path):
    """Names, ONNX dtypes and shapes (-1 for dynamic) as declared by the ONNX graph itself."""
    graph = onnx.load(model_path, load_external_data=False).graph

    def spec(value_info):
        tensor_type = value_info.type.tensor_type
        shape = [d.dim_value if d.HasField("dim_value") else -1 for d in tensor_type.shape.dim]
        return {
            "name": value_info.name,
            "datatype": TensorProto.DataType.Name(tensor_type.elem_type),
            "shape": shape,
        }

    initializer_names = {i.name for i in graph.initializer}
    inputs = [spec(v) for v in graph.input if v.name not in initializer_names]
    return {"inputs": inputs, "outputs": [spec(v) for v in graph.output]}


def artifact_of(model_path):
    with open(model_path, "rb") as f:
        data = f.read()
    return {"file": "model.onnx", "sha256": hashlib.sha256(data).hexdigest(), "sizeBytes": len(data)}


def oip_tensor(name, array):
    array = np.asarray(array)
    if array.dtype == np.float32:
        # float(np.float32) is the exact binary value written with enough digits to round-trip.
        data = [float(v) for v in array.reshape(-1)]
    else:
        data = array.reshape(-1).tolist()
    return {"name": name, "datatype": NUMPY_TO_OIP[array.dtype], "shape": list(array.shape), "data": data}


def reference_cases(sess, input_name, samples, case_sizes):
    """Runs slices of `samples` through Python's ONNX Runtime: the independent reference."""
    cases = []
    start = 0
    for case_name, size in case_sizes:
        batch = samples[start:start + size]
        start += size
        outputs = sess.run(None, {input_name: batch})
        output_names = [o.name for o in sess.get_outputs()]
        cases.append({
            "name": case_name,
            "inputs": [oip_tensor(input_name, batch)],
            "outputs": [oip_tensor(n, v) for n, v in zip(output_names, outputs)],
        })
    return cases


def feature_stats(names, train_x, bins=10):
    """Quantile bins of the training distribution per feature, the baseline for drift (PSI)."""
    stats = []
    for i, name in enumerate(names):
        column = train_x[:, i].astype(np.float64)
        edges = np.unique(np.quantile(column, np.linspace(0, 1, bins + 1)[1:-1]))
        counts = np.bincount(np.searchsorted(edges, column, side="left"), minlength=len(edges) + 1)
        stats.append({
            "name": name,
            "mean": round(float(column.mean()), 6),
            "std": round(float(column.std()), 6),
            "min": round(float(column.min()), 6),
            "max": round(float(column.max()), 6),
            # Bin i holds values v with edges[i-1] < v <= edges[i]; the first and last bins are open.
            "binEdges": [round(float(e), 6) for e in edges],
            "binProportions": [round(float(c) / len(column), 6) for c in counts],
        })
    return stats


def write_version(name, version, model, card, reference_samples, input_name, case_sizes):
    """Saves model.onnx, then writes model.json and reference.json describing the saved bytes."""
    folder = os.path.join(REPO_MODELS, name, version)
    os.makedirs(folder, exist_ok=True)
    model_path = os.path.join(folder, "model.onnx")
    onnx.save_model(model, model_path)
    return finish_version(name, version, card, reference_samples, input_name, case_sizes)


def finish_version(name, version, card, reference_samples, input_name, case_sizes):
    folder = os.path.join(REPO_MODELS, name, version)
    model_path = os.path.join(folder, "model.onnx")
    sess = session(model_path)
    cases = reference_cases(sess, input_name, reference_samples, case_sizes)
    reference = {
        "model": name,
        "version": version,
        "generator": f"onnxruntime {ort.__version__} (Python), CPUExecutionProvider",
        "cases": cases,
    }
    with open(os.path.join(folder, "reference.json"), "w") as f:
        json.dump(reference, f, separators=(",", ":"))
        f.write("\n")

    full_card = {
        "schemaVersion": SCHEMA_VERSION,
        "name": name,
        "version": version,
        **card,
        "signature": signature_of(model_path),
        "artifact": artifact_of(model_path),
        "reference": {"file": "reference.json", "cases": len(cases),
                      "samples": sum(size for _, size in case_sizes)},
    }
    with open(os.path.join(folder, "model.json"), "w") as f:
        json.dump(full_card, f, indent=2)
        f.write("\n")
    return full_card
