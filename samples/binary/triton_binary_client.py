#!/usr/bin/env python3
"""A client of Triton's binary tensor data extension, independent of the server's code: the Python
standard library (http.client, json, struct) and numpy. It frames requests as Triton's own client
does: the JSON inference request, then each input's numpy ``tobytes()`` (little-endian), with the JSON
part's length in ``Inference-Header-Content-Length``; it reads binary answers the same way.

    # against the local runner (samples/run-local.sh): every reference case of digits and wide-mlp,
    # sent in binary and in JSON; the outputs' bytes must be equal, and match the reference outputs
    python3 samples/binary/triton_binary_client.py check [--url http://127.0.0.1:8080]

    # request bodies for the load measurement (benchmarks/run.sh binary): JSON and binary, batches of
    # 1, 8 and 64; prints the bytes each answer and request takes
    python3 samples/binary/triton_binary_client.py bodies --out DIR [--url ...]

Exits non-zero on the first answer that is not 200 or does not match.
"""
import argparse
import http.client
import json
import os
import sys
import urllib.parse

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "models")
HEADER = "Inference-Header-Content-Length"
# The Open Inference Protocol's datatypes as numpy dtypes (little-endian, as the extension requires).
DTYPES = {"BOOL": np.dtype("bool"), "UINT8": np.dtype("<u1"), "INT8": np.dtype("<i1"), "UINT16": np.dtype("<u2"),
          "INT16": np.dtype("<i2"), "UINT32": np.dtype("<u4"), "INT32": np.dtype("<i4"), "UINT64": np.dtype("<u8"),
          "INT64": np.dtype("<i8"), "FP16": np.dtype("<f2"), "FP32": np.dtype("<f4"), "FP64": np.dtype("<f8")}


def reference(model, version):
    with open(os.path.join(MODELS, model, version, "reference.json")) as f:
        return json.load(f)


def as_array(tensor):
    return np.asarray(tensor["data"], dtype=DTYPES[tensor["datatype"]]).reshape(tensor["shape"])


def binary_request(inputs, binary_outputs=True):
    """(body, header length) for named numpy arrays, every input in binary."""
    header, data = {"inputs": []}, []
    if binary_outputs:
        header["parameters"] = {"binary_data_output": True}
    for name, array in inputs.items():
        raw = np.ascontiguousarray(array).tobytes()
        datatype = next(k for k, v in DTYPES.items() if v == array.dtype)
        header["inputs"].append({"name": name, "datatype": datatype, "shape": list(array.shape),
                                 "parameters": {"binary_data_size": len(raw)}})
        data.append(raw)
    head = json.dumps(header, separators=(",", ":")).encode()
    return head + b"".join(data), len(head)


def json_request(inputs):
    tensors = [{"name": n, "datatype": next(k for k, v in DTYPES.items() if v == a.dtype), "shape": list(a.shape),
                "data": a.reshape(-1).tolist()} for n, a in inputs.items()]
    return json.dumps({"inputs": tensors}, separators=(",", ":")).encode()


def post(url, path, body, headers):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=120)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def outputs(status, headers, body):
    """The answer's outputs as numpy arrays, whether they came as JSON data or as binary bytes."""
    if status != 200:
        raise SystemExit(f"answer {status}: {body[:300]!r}")
    length = int(headers.get(HEADER.lower(), len(body)))
    answer = json.loads(body[:length])
    arrays, at = {}, length
    for tensor in answer["outputs"]:
        dtype = DTYPES[tensor["datatype"]]
        size = tensor.get("parameters", {}).get("binary_data_size")
        if size is None:
            arrays[tensor["name"]] = np.asarray(tensor["data"], dtype=dtype).reshape(tensor["shape"])
        else:
            arrays[tensor["name"]] = np.frombuffer(body[at:at + size], dtype=dtype).reshape(tensor["shape"])
            at += size
    if at != len(body):
        raise SystemExit(f"{len(body) - at} bytes after the last binary output")
    return answer, arrays


def infer_binary(url, path, inputs):
    body, length = binary_request(inputs)
    status, headers, answer = post(url, path, body, {"Content-Type": "application/octet-stream", HEADER: str(length)})
    if headers.get("content-type") != "application/octet-stream":
        raise SystemExit(f"binary answer has content type {headers.get('content-type')}")
    return body, answer, outputs(status, headers, answer)


def infer_json(url, path, inputs):
    body = json_request(inputs)
    status, headers, answer = post(url, path, body, {"Content-Type": "application/json"})
    return body, answer, outputs(status, headers, answer)


def check(args):
    failures = 0
    for key in args.models:
        model, version = key.split("/")
        path = f"/v2/models/{model}/versions/{version}/infer"
        for case in reference(model, version)["cases"]:
            inputs = {t["name"]: as_array(t) for t in case["inputs"]}
            _, _, (_, binary) = infer_binary(args.url, path, inputs)
            _, _, (_, plain) = infer_json(args.url, path, inputs)
            for t in case["outputs"]:
                name, expected = t["name"], as_array(t)
                same_bits = binary[name].tobytes() == plain[name].tobytes()
                if expected.dtype.kind == "f":
                    close = np.allclose(binary[name], expected, rtol=1e-5, atol=1e-7)
                    exact_ref = binary[name].tobytes() == expected.tobytes()
                    diff = float(np.max(np.abs(binary[name].astype(np.float64) - expected))) if expected.size else 0.0
                else:
                    close = exact_ref = np.array_equal(binary[name], expected)
                    diff = 0.0
                ok = same_bits and close and binary[name].shape == expected.shape
                failures += 0 if ok else 1
                print(f"{key} {case['name']:<11} {name:<13} binary==json bit for bit: {same_bits}; "
                      f"matches reference: {close} (bit for bit: {exact_ref}, max |diff| {diff:.3g})"
                      + ("" if ok else "  <-- FAILED"))
    if failures:
        raise SystemExit(f"{failures} output(s) did not match")
    print("all outputs match")


def batch(case_inputs, rows):
    """A batch of ``rows`` rows made by repeating the reference case's rows."""
    out = {}
    for t in case_inputs:
        array = as_array(t)
        reps = -(-rows // array.shape[0])
        out[t["name"]] = np.concatenate([array] * reps)[:rows]
    return out


def bodies(args):
    os.makedirs(args.out, exist_ok=True)
    print("model batch encoding request_bytes response_bytes")
    for key in args.models:
        model, version = key.split("/")
        path = f"/v2/models/{model}/versions/{version}/infer"
        case = next(c for c in reference(model, version)["cases"] if c["name"] == "batch-of-8")
        for rows in args.batches:
            inputs = batch(case["inputs"], rows)
            tag = f"{model}-{version}-b{rows}"
            binary_body, binary_answer, (_, binary) = infer_binary(args.url, path, inputs)
            json_body, json_answer, (_, plain) = infer_json(args.url, path, inputs)
            for name in plain:
                if binary[name].tobytes() != plain[name].tobytes():
                    raise SystemExit(f"{tag}: output {name} differs between binary and JSON")
            with open(os.path.join(args.out, f"{tag}.json"), "wb") as f:
                f.write(json_body)
            with open(os.path.join(args.out, f"{tag}.bin"), "wb") as f:
                f.write(binary_body)
            with open(os.path.join(args.out, f"{tag}.bin.header"), "w") as f:
                f.write(str(binary_request(inputs)[1]))
            print(f"{key} {rows} json {len(json_body)} {len(json_answer)}")
            print(f"{key} {rows} binary {len(binary_body)} {len(binary_answer)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check", "bodies"])
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--models", nargs="+", default=["digits/1.0.0", "wide-mlp/1.0.0"])
    parser.add_argument("--batches", nargs="+", type=int, default=[1, 8, 64])
    parser.add_argument("--out", default="benchmarks/target/binary-bodies")
    args = parser.parse_args()
    check(args) if args.command == "check" else bodies(args)


if __name__ == "__main__":
    sys.exit(main())
