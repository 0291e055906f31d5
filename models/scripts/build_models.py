"""Trains, exports, quantises and documents every sample model in models/.

    python models/scripts/build_models.py            # rebuild everything in place
    python models/scripts/build_models.py --check    # rebuild into a temp copy, compare metrics

All data comes from data sets that ship inside scikit-learn; nothing is downloaded.
Every run is seeded; metrics are computed by ONNX Runtime on the exported files.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time

import numpy as np
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from sklearn.datasets import load_diabetes, load_digits, load_iris
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import (accuracy_score, f1_score, mean_absolute_error, mean_squared_error,
                             precision_score, r2_score, recall_score)
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

import cards
from onnx_graph import FLOAT, INT64, GraphBuilder, tensor_info

SEED = 42
SCRIPT = "models/scripts/build_models.py"


def classification_metrics(y_true, y_pred):
    return {
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 6),
        "precisionMacro": round(float(precision_score(y_true, y_pred, average="macro", zero_division=0)), 6),
        "recallMacro": round(float(recall_score(y_true, y_pred, average="macro", zero_division=0)), 6),
        "f1Macro": round(float(f1_score(y_true, y_pred, average="macro", zero_division=0)), 6),
        "heldOutSamples": int(len(y_true)),
    }


def regression_metrics(y_true, y_pred):
    return {
        "r2": round(float(r2_score(y_true, y_pred)), 6),
        "mae": round(float(mean_absolute_error(y_true, y_pred)), 6),
        "rmse": round(float(np.sqrt(mean_squared_error(y_true, y_pred))), 6),
        "heldOutSamples": int(len(y_true)),
    }


def onnx_predict(name, version, x, output):
    sess = cards.session(os.path.join(cards.REPO_MODELS, name, version, "model.onnx"))
    return sess.run([output], {sess.get_inputs()[0].name: x})[0]


def lineage(dataset, split, extra=None):
    return {"dataset": dataset, "split": split, "script": SCRIPT, "seed": SEED,
            "environment": cards.versions(), **(extra or {})}


def tabular_classifier_graph(name, layers):
    """layers: [(weight[in,out], bias[out], activation)]; input 'input' [N, in] FP32."""
    g = GraphBuilder(name)
    x = "input"
    for weight, bias, activation in layers:
        x = g.dense(x, weight, bias, activation)
    g.classifier_head(x)
    n_in, n_out = layers[0][0].shape[0], layers[-1][0].shape[1]
    return g, [tensor_info("input", FLOAT, [-1, n_in])], [
        tensor_info("probabilities", FLOAT, [-1, n_out]), tensor_info("label", INT64, [-1])]


def fold_scaler(scaler, weight, bias):
    """Folds (x - mean) / scale into the first dense layer so the model takes raw features."""
    folded_weight = weight / scaler.scale_[:, None]
    folded_bias = bias - (scaler.mean_ / scaler.scale_) @ weight
    return folded_weight, folded_bias


# ---------------------------------------------------------------------------------------- iris

def build_iris():
    data = load_iris()
    x = data.data.astype(np.float32)
    y = data.target
    split = {"testSize": 0.3, "randomState": SEED, "stratified": True}
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.3, random_state=SEED, stratify=y)
    features = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"]
    labels = [str(n) for n in data.target_names]
    stats = cards.feature_stats(features, x_train)
    built = []

    # 1.0.0: a deliberately weak baseline, heavily regularised logistic regression on the two
    # sepal measurements only (the petal weights are zero), so canaries have a worse model to beat.
    weak = LogisticRegression(C=0.05, max_iter=1000, random_state=SEED).fit(x_train[:, :2], y_train)
    weight = np.zeros((4, 3), dtype=np.float32)
    weight[:2, :] = weak.coef_.T
    g, inputs, outputs = tabular_classifier_graph("iris_1_0_0", [(weight, weak.intercept_, None)])
    model = g.model(inputs, outputs, "Iris species from four measurements (weak baseline).")
    card = {
        "description": "Iris species from sepal and petal measurements in cm. Weak baseline: "
                       "regularised logistic regression that only looks at the sepal features.",
        "task": "classification",
        "labels": labels,
        "features": stats,
        "training": {"algorithm": "sklearn.linear_model.LogisticRegression",
                     "parameters": {"C": 0.05, "max_iter": 1000, "features_used": features[:2]}},
        "lineage": lineage("sklearn.datasets.load_iris", split),
    }
    cards.write_version("iris", "1.0.0", model, {**card, "metrics": {}}, x_test, "input",
                        [("batch-of-8", 8), ("single", 1)])
    card["metrics"] = classification_metrics(y_test, onnx_predict("iris", "1.0.0", x_test, "label"))
    built.append(cards.finish_version("iris", "1.0.0", card, x_test, "input", [("batch-of-8", 8), ("single", 1)]))

    # 1.1.0: a small MLP on standardised features (the scaler folded into the first layer).
    scaler = StandardScaler().fit(x_train)
    mlp = MLPClassifier(hidden_layer_sizes=(16,), activation="relu", solver="lbfgs", alpha=1e-3,
                        max_iter=2000, random_state=SEED).fit(scaler.transform(x_train), y_train)
    w1, b1 = fold_scaler(scaler, mlp.coefs_[0], mlp.intercepts_[0])
    g, inputs, outputs = tabular_classifier_graph(
        "iris_1_1_0", [(w1, b1, "relu"), (mlp.coefs_[1], mlp.intercepts_[1], None)])
    model = g.model(inputs, outputs, "Iris species from four measurements (MLP).")
    card = {
        "description": "Iris species from sepal and petal measurements in cm. A one-hidden-layer "
                       "MLP on all four standardised features (the scaler is folded into the graph).",
        "task": "classification",
        "labels": labels,
        "features": stats,
        "training": {"algorithm": "sklearn.neural_network.MLPClassifier",
                     "parameters": {"hidden_layer_sizes": [16], "activation": "relu", "solver": "lbfgs",
                                    "alpha": 1e-3, "max_iter": 2000, "preprocessing": "StandardScaler"}},
        "lineage": lineage("sklearn.datasets.load_iris", split, {"parent": "iris/1.0.0"}),
    }
    cards.write_version("iris", "1.1.0", model, {**card, "metrics": {}}, x_test, "input",
                        [("batch-of-8", 8), ("single", 1)])
    card["metrics"] = classification_metrics(y_test, onnx_predict("iris", "1.1.0", x_test, "label"))
    built.append(cards.finish_version("iris", "1.1.0", card, x_test, "input", [("batch-of-8", 8), ("single", 1)]))
    return built


# ------------------------------------------------------------------------------------ diabetes

def build_diabetes():
    data = load_diabetes()
    x = data.data.astype(np.float32)
    y = data.target.astype(np.float32)
    split = {"testSize": 0.25, "randomState": SEED, "stratified": False}
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=SEED)
    ridge = Ridge(alpha=0.1).fit(x_train, y_train)

    g = GraphBuilder("diabetes_1_0_0")
    g.dense("input", ridge.coef_.reshape(-1, 1), np.array([ridge.intercept_]), output="prediction")
    model = g.model([tensor_info("input", FLOAT, [-1, 10])], [tensor_info("prediction", FLOAT, [-1, 1])],
                    "Diabetes disease progression one year after baseline (ridge regression).")
    card = {
        "description": "Quantitative measure of diabetes progression one year after baseline, from ten "
                       "baseline variables (age, sex, BMI, blood pressure, six serum measurements; "
                       "mean-centred and scaled as scikit-learn ships them). Ridge regression.",
        "task": "regression",
        "features": cards.feature_stats(list(data.feature_names), x_train),
        "training": {"algorithm": "sklearn.linear_model.Ridge", "parameters": {"alpha": 0.1}},
        "lineage": lineage("sklearn.datasets.load_diabetes", split),
    }
    cases = [("batch-of-8", 8), ("single", 1)]
    cards.write_version("diabetes", "1.0.0", model, {**card, "metrics": {}}, x_test, "input", cases)
    predicted = onnx_predict("diabetes", "1.0.0", x_test, "prediction").reshape(-1)
    card["metrics"] = regression_metrics(y_test, predicted)
    return [cards.finish_version("diabetes", "1.0.0", card, x_test, "input", cases)]


# -------------------------------------------------------------------------------------- digits

def digits_split():
    data = load_digits()
    x = data.data.astype(np.float32)
    y = data.target
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=SEED, stratify=y)
    return x_train, x_test, y_train, y_test, {"testSize": 0.25, "randomState": SEED, "stratified": True}


def train_torch(module, x_train, y_train, epochs, lr, batch_size=64):
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    optimiser = torch.optim.Adam(module.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    xs, ys = torch.from_numpy(x_train), torch.from_numpy(y_train).long()
    module.train()
    for _ in range(epochs):
        order = torch.randperm(len(xs), generator=generator)
        for start in range(0, len(xs), batch_size):
            idx = order[start:start + batch_size]
            optimiser.zero_grad()
            loss_fn(module(xs[idx]), ys[idx]).backward()
            optimiser.step()
    module.eval()
    return module


class DigitsCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(8, 16, 3, padding=1)
        self.fc = torch.nn.Linear(16 * 4 * 4, 10)

    def forward(self, x):
        x = torch.relu(self.conv1(x / 16.0))
        x = torch.nn.functional.max_pool2d(x, 2)
        x = torch.relu(self.conv2(x))
        return self.fc(torch.flatten(x, 1))


def numpy_of(parameter):
    return parameter.detach().numpy().astype(np.float32)


def build_digits():
    x_train, x_test, y_train, y_test, split = digits_split()
    images_train, images_test = x_train.reshape(-1, 1, 8, 8), x_test.reshape(-1, 1, 8, 8)
    torch.manual_seed(SEED)
    cnn = train_torch(DigitsCnn(), images_train, y_train, epochs=40, lr=0.005)

    g = GraphBuilder("digits_1_0_0")
    x = g.op("Div", ["input", g.const("pixel_scale", np.array(16.0, dtype=np.float32))], "scaled")
    x = g.op("Conv", [x, g.const("conv1_w", numpy_of(cnn.conv1.weight)), g.const("conv1_b", numpy_of(cnn.conv1.bias))],
             "conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    x = g.op("Relu", [x], "relu")
    x = g.op("MaxPool", [x], "pool", kernel_shape=[2, 2], strides=[2, 2])
    x = g.op("Conv", [x, g.const("conv2_w", numpy_of(cnn.conv2.weight)), g.const("conv2_b", numpy_of(cnn.conv2.bias))],
             "conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    x = g.op("Relu", [x], "relu")
    x = g.op("Flatten", [x], "flat", axis=1)
    x = g.dense(x, numpy_of(cnn.fc.weight).T, numpy_of(cnn.fc.bias))
    g.classifier_head(x)
    model = g.model([tensor_info("input", FLOAT, [-1, 1, 8, 8])],
                    [tensor_info("probabilities", FLOAT, [-1, 10]), tensor_info("label", INT64, [-1])],
                    "Handwritten digit 0-9 from an 8x8 image of pixel intensities 0-16 (small CNN).")
    card = {
        "description": "Handwritten digit (0-9) from an 8x8 grey image, pixel intensities 0-16 as in "
                       "scikit-learn's digits data (UCI optical recognition). Two-layer CNN.",
        "task": "classification",
        "labels": [str(d) for d in range(10)],
        "training": {"algorithm": "torch CNN conv(8,3x3)-relu-maxpool(2)-conv(16,3x3)-relu-linear(10)",
                     "parameters": {"optimizer": "Adam", "learning_rate": 0.005, "epochs": 40,
                                    "batch_size": 64, "torch": torch.__version__}},
        "lineage": lineage("sklearn.datasets.load_digits", split),
    }
    cases = [("batch-of-8", 8), ("single", 1)]
    cards.write_version("digits", "1.0.0", model, {**card, "metrics": {}}, images_test, "input", cases)
    card["metrics"] = classification_metrics(y_test, onnx_predict("digits", "1.0.0", images_test, "label"))
    return [cards.finish_version("digits", "1.0.0", card, images_test, "input", cases)]


# ------------------------------------------------------------------------ wide-mlp (+ its INT8)

WIDE_LAYERS = [64, 2048, 2048, 1024, 10]


def wide_mlp():
    layers = []
    for n_in, n_out in zip(WIDE_LAYERS, WIDE_LAYERS[1:]):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])


def benchmark(model_path, x, runs=200):
    """Median latency in ms of one inference on one intra-op thread (batch 1 and batch 64)."""
    sess = cards.session(model_path)
    name = sess.get_inputs()[0].name
    result = {}
    for batch in (1, 64):
        feed = {name: x[:batch]}
        for _ in range(20):
            sess.run(None, feed)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            sess.run(None, feed)
            times.append((time.perf_counter() - start) * 1000.0)
        result[f"latencyMsBatch{batch}"] = round(float(np.median(times)), 4)
    return result


def build_wide_mlp():
    x_train, x_test, y_train, y_test, split = digits_split()
    torch.manual_seed(SEED)
    net = wide_mlp()
    scaled_train = x_train / 16.0
    net = train_torch(net, scaled_train, y_train, epochs=8, lr=5e-4)
    linears = [m for m in net if isinstance(m, torch.nn.Linear)]

    g = GraphBuilder("wide_mlp_1_0_0")
    x = g.op("Div", ["input", g.const("pixel_scale", np.array(16.0, dtype=np.float32))], "scaled")
    for i, linear in enumerate(linears):
        last = i == len(linears) - 1
        x = g.dense(x, numpy_of(linear.weight).T, numpy_of(linear.bias), None if last else "relu")
    g.classifier_head(x)
    model = g.model([tensor_info("input", FLOAT, [-1, 64])],
                    [tensor_info("probabilities", FLOAT, [-1, 10]), tensor_info("label", INT64, [-1])],
                    "Handwritten digit 0-9 from 64 pixel intensities (wide MLP, a heavy model).")
    params = sum(p.numel() for p in net.parameters())
    card = {
        "description": "Handwritten digit (0-9) from the 64 pixel intensities (0-16) of an 8x8 image. "
                       f"A deliberately wide MLP ({'-'.join(map(str, WIDE_LAYERS))}, {params} parameters) "
                       "that stands in for a heavy model: model-load time, memory and throughput.",
        "task": "classification",
        "labels": [str(d) for d in range(10)],
        "training": {"algorithm": "torch MLP " + "-".join(map(str, WIDE_LAYERS)) + " relu",
                     "parameters": {"optimizer": "Adam", "learning_rate": 5e-4, "epochs": 8,
                                    "batch_size": 64, "parameters": params, "torch": torch.__version__}},
        "lineage": lineage("sklearn.datasets.load_digits", split),
    }
    cases = [("batch-of-8", 8), ("single", 1)]
    cards.write_version("wide-mlp", "1.0.0", model, {**card, "metrics": {}}, x_test, "input", cases)
    float_path = os.path.join(cards.REPO_MODELS, "wide-mlp", "1.0.0", "model.onnx")
    card["metrics"] = classification_metrics(y_test, onnx_predict("wide-mlp", "1.0.0", x_test, "label"))
    float_card = cards.finish_version("wide-mlp", "1.0.0", card, x_test, "input", cases)

    # 1.1.0: the same network with INT8 weights (ONNX Runtime dynamic quantisation).
    int8_folder = os.path.join(cards.REPO_MODELS, "wide-mlp", "1.1.0")
    os.makedirs(int8_folder, exist_ok=True)
    int8_path = os.path.join(int8_folder, "model.onnx")
    quantize_dynamic(float_path, int8_path, weight_type=QuantType.QInt8)
    int8_metrics = classification_metrics(y_test, onnx_predict("wide-mlp", "1.1.0", x_test, "label"))
    float_bench, int8_bench = benchmark(float_path, x_test), benchmark(int8_path, x_test)
    int8_size = os.path.getsize(int8_path)
    quantisation = {
        "method": "onnxruntime.quantization.quantize_dynamic",
        "weightType": "QInt8",
        "source": "wide-mlp/1.0.0",
        "float": {"sizeBytes": float_card["artifact"]["sizeBytes"], "accuracy": float_card["metrics"]["accuracy"],
                  **float_bench},
        "int8": {"sizeBytes": int8_size, "accuracy": int8_metrics["accuracy"], **int8_bench},
        "accuracyDelta": round(int8_metrics["accuracy"] - float_card["metrics"]["accuracy"], 6),
        "sizeRatio": round(int8_size / float_card["artifact"]["sizeBytes"], 4),
        "latencyMeasuredWith": "onnxruntime (Python) CPUExecutionProvider, 1 intra-op thread, "
                               "median of 200 runs after 20 warm-up runs, on the machine that ran the script",
    }
    int8_card = {
        "description": "INT8 dynamic quantisation of wide-mlp 1.0.0: weights stored as int8, activations "
                       "quantised at run time. About a quarter of the size; accuracy and latency against "
                       "the float model are in 'quantization'.",
        "task": "classification",
        "labels": card["labels"],
        "training": {"algorithm": "quantisation of wide-mlp/1.0.0 (no retraining)",
                     "parameters": {"weight_type": "QInt8", "per_channel": False}},
        "quantization": quantisation,
        "metrics": int8_metrics,
        "lineage": lineage("sklearn.datasets.load_digits", split, {"parent": "wide-mlp/1.0.0"}),
    }
    return [float_card, cards.finish_version("wide-mlp", "1.1.0", int8_card, x_test, "input", cases)]


BUILDERS = [build_iris, build_diabetes, build_digits, build_wide_mlp]


def metrics_by_version(root):
    found = {}
    for name in sorted(os.listdir(root)):
        model_dir = os.path.join(root, name)
        if not os.path.isdir(model_dir) or name == "scripts":
            continue
        for version in sorted(os.listdir(model_dir)):
            card_path = os.path.join(model_dir, version, "model.json")
            if os.path.exists(card_path):
                with open(card_path) as f:
                    found[f"{name}/{version}"] = json.load(f)["metrics"]
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="rebuild into a temporary copy and compare metrics with the committed cards")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    committed = metrics_by_version(cards.REPO_MODELS)
    if args.check:
        cards.REPO_MODELS = tempfile.mkdtemp(prefix="modelfn-models-")
    try:
        for builder in BUILDERS:
            for card in builder():
                print(f"{card['name']}/{card['version']}: {card['artifact']['sizeBytes']} bytes, "
                      f"metrics {card['metrics']}")
        if args.check:
            rebuilt = metrics_by_version(cards.REPO_MODELS)
            differences = {k: (committed.get(k), v) for k, v in rebuilt.items() if committed.get(k) != v}
            if differences:
                for key, (was, now) in differences.items():
                    print(f"DIFFERS {key}: committed {was} rebuilt {now}")
                return 1
            print(f"metrics of all {len(rebuilt)} versions reproduced")
    finally:
        if args.check:
            shutil.rmtree(cards.REPO_MODELS, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
