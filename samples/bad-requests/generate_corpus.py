"""Writes samples/bad-requests/corpus.jsonl: malformed and hostile requests, one JSON object per line.

    python3 samples/bad-requests/generate_corpus.py

Only the standard library is needed. The corpus is committed; BadRequestCorpusIT (functions/api)
replays every line against the application (see docs/RELIABILITY.md). Each line:

    {"id", "protocol": "oip" | "predict" | "sagemaker" | "http", "method", "path", "headers": {...},
     one of "body" (text) | "bodyBase64" (bytes) | "generatedBodyOfSize" (bytes, made at run time) |
     "generated" ({"prefix", "repeat", "times", "suffix"}, made at run time), optional "chunked": true
     (sent without a Content-Length),
     "expectStatus" (the exact 4xx), "why"}

Oversized and very deep bodies are generated at run time so the corpus stays small.
"""
import base64
import json
import os
import re
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

OIP = "/v2/models/iris/infer"
OIP_PINNED = "/v2/models/iris/versions/1.1.0/infer"
PREDICT = "/predict"
INVOKE = "/invocations"
JSON_CT = {"Content-Type": "application/json"}
CSV_CT = {"Content-Type": "text/csv"}

VALID_INPUT = {"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [5.1, 3.5, 1.4, 0.2]}
VALID_OIP = json.dumps({"inputs": [VALID_INPUT]}, separators=(",", ":"))
VALID_PREDICT = json.dumps({"endpoint": "iris", "inputs": {"input": [[5.1, 3.5, 1.4, 0.2]]}}, separators=(",", ":"))
VALID_SAGEMAKER = json.dumps({"instances": [[5.1, 3.5, 1.4, 0.2]]}, separators=(",", ":"))

cases = []


def case(id, protocol, path, why, status, body=None, method="POST", headers=None, body_base64=None,
         size=None, generated=None, chunked=False):
    id = re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", id.lower())).strip("-")
    taken = {c["id"] for c in cases}
    base, n = id, 2
    while id in taken:
        id, n = f"{base}-{n}", n + 1
    entry = {"id": id, "protocol": protocol, "method": method, "path": path,
             "headers": JSON_CT if headers is None else headers}
    if body is not None:
        entry["body"] = body
    if body_base64 is not None:
        entry["bodyBase64"] = base64.b64encode(body_base64).decode()
    if size is not None:
        entry["generatedBodyOfSize"] = size
    if generated is not None:
        entry["generated"] = generated
    if chunked:
        entry["chunked"] = True
    entry["expectStatus"] = status
    entry["why"] = why
    assert 400 <= status < 500
    cases.append(entry)


def j(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def tensor(**fields):
    t = dict(VALID_INPUT)
    for k, v in fields.items():
        if v is DROP:
            t.pop(k, None)
        else:
            t[k] = v
    return t


DROP = object()


def oip(case_id, why, status, inputs=None, body=None, path=OIP, **top):
    if body is None:
        obj = {"inputs": inputs if inputs is not None else [VALID_INPUT]}
        obj.update(top)
        body = j(obj)
    case("oip-" + case_id, "oip", path, why, status, body=body)


# ---------------------------------------------------------------- OIP: truncated and not JSON
for cut in [1, 2, 10, 11, 12, 20, 30, 40, 50, 60, 70, 80, len(VALID_OIP) - 3, len(VALID_OIP) - 2, len(VALID_OIP) - 1]:
    oip(f"truncated-at-{cut}", f"the valid request cut after {cut} bytes", 400, body=VALID_OIP[:cut])
for name, text in [("plain-text", "hello"), ("xml", "<inputs><input/></inputs>"), ("json-null", "null"),
                   ("json-array", "[]"), ("json-string", "\"inputs\""), ("json-number", "42"), ("json-true", "true"),
                   ("single-quotes", "{'inputs': []}"), ("unquoted-keys", "{inputs: []}"),
                   ("trailing-comma", VALID_OIP[:-2] + ",]}"), ("comment", "/* x */" + VALID_OIP),
                   ("two-objects", VALID_OIP + VALID_OIP), ("trailing-garbage", VALID_OIP + "garbage"),
                   ("whitespace-only", "   \n\t  "), ("closing-only", "}")]:
    oip(name, f"not an inference request: {name.replace('-', ' ')}", 400, body=text)
case("oip-empty-body", "oip", OIP, "an empty body", 400, body="")
case("oip-invalid-utf8", "oip", OIP, "a string with invalid UTF-8 bytes", 400,
     body_base64=b'{"inputs":[{"name":"in\xc3\x28put","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]}]}')
case("oip-binary-garbage", "oip", OIP, "random binary bytes", 400,
     body_base64=bytes(range(256)))
for label, raw in [("ucs4-unsupported-order", b"\x00\x00\x01\x00"), ("utf32-out-of-range", b"\x00\x00\x00{\xfa\x2e\x65\xc9"),
                   ("utf16-odd-length", b"\x00{\x00")]:
    # Found by DecoderFuzzTest: JSON encoding detection failed with a 500 before the fix.
    case(f"oip-{label}", "oip", OIP, f"bytes that look like {label.replace('-', ' ')} JSON", 400, body_base64=raw)
    case(f"predict-{label}", "predict", PREDICT, f"bytes that look like {label.replace('-', ' ')} JSON", 400, body_base64=raw)
    case(f"sagemaker-{label}", "sagemaker", INVOKE, f"bytes that look like {label.replace('-', ' ')} JSON", 400,
         body_base64=raw)
case("oip-nul-bytes", "oip", OIP, "NUL bytes before the JSON", 400, body_base64=b"\x00\x00\x00" + VALID_OIP.encode())

# ---------------------------------------------------------------- OIP: Triton's binary tensor data framing
BINARY_HEAD = j({"inputs": [tensor(parameters={"binary_data_size": 16}, data=DROP)]}).encode()
FOUR_FLOATS = struct.pack("<4f", 5.1, 3.5, 1.4, 0.2)


def binary(case_id, why, status, body, header_length, content_type="application/octet-stream"):
    headers = {"Content-Type": content_type}
    if header_length is not None:
        headers["Inference-Header-Content-Length"] = str(header_length)
    case("oip-binary-" + case_id, "oip", OIP, why, status, headers=headers, body_base64=body)


binary("header-past-the-end", "Inference-Header-Content-Length past the end of the body", 400,
       BINARY_HEAD + FOUR_FLOATS, len(BINARY_HEAD) + 17)
binary("header-negative", "a negative Inference-Header-Content-Length", 400, BINARY_HEAD + FOUR_FLOATS, -1)
binary("header-not-a-number", "Inference-Header-Content-Length is not a number", 400, BINARY_HEAD + FOUR_FLOATS, "16k")
binary("header-cuts-the-json", "Inference-Header-Content-Length ends inside the JSON part", 400,
       BINARY_HEAD + FOUR_FLOATS, len(BINARY_HEAD) - 5)
binary("bytes-left-over", "binary_data_size adds up to fewer bytes than follow the JSON part", 400,
       BINARY_HEAD + FOUR_FLOATS + b"\x00" * 4, len(BINARY_HEAD))
binary("bytes-missing", "binary_data_size adds up to more bytes than follow the JSON part", 400,
       BINARY_HEAD + FOUR_FLOATS[:12], len(BINARY_HEAD))
binary("size-not-the-shape", "binary_data_size is not shape x element size", 400,
       j({"inputs": [tensor(parameters={"binary_data_size": 12}, data=DROP)]}).encode() + FOUR_FLOATS[:12],
       len(j({"inputs": [tensor(parameters={"binary_data_size": 12}, data=DROP)]}).encode()))
binary("size-and-data", "binary_data_size on an input that also has data", 400,
       j({"inputs": [tensor(parameters={"binary_data_size": 16})]}).encode() + FOUR_FLOATS,
       len(j({"inputs": [tensor(parameters={"binary_data_size": 16})]}).encode()))
binary("unknown-datatype", "a binary input of an unknown datatype", 400,
       j({"inputs": [tensor(datatype="FP8", parameters={"binary_data_size": 4}, data=DROP)]}).encode() + b"\x00" * 4,
       len(j({"inputs": [tensor(datatype="FP8", parameters={"binary_data_size": 4}, data=DROP)]}).encode()))
binary("octet-stream-without-header", "application/octet-stream without Inference-Header-Content-Length", 415,
       BINARY_HEAD + FOUR_FLOATS, None)
binary("header-with-text-plain", "Inference-Header-Content-Length on a text/plain body", 415,
       BINARY_HEAD + FOUR_FLOATS, len(BINARY_HEAD), content_type="text/plain")
case("oip-lone-surrogate-escape", "oip", OIP, "an input name that is a lone UTF-16 surrogate escape", 400,
     body='{"inputs":[{"name":"\\ud800","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]}]}')

# ---------------------------------------------------------------- OIP: wrong types
for field, value in [("inputs", {}), ("inputs", "input"), ("inputs", 1), ("inputs", None), ("inputs", [1]),
                     ("inputs", [[VALID_INPUT]]), ("inputs", ["input"]), ("inputs", [None])]:
    oip(f"inputs-{type(value).__name__}-{j(value)[:12]}".replace('"', "").replace(" ", ""),
        f"'inputs' given as {j(value)[:40]}", 400, body=j({"inputs": value}))
for field, value in [("name", 1), ("name", ""), ("name", None), ("name", ["input"]), ("datatype", 1),
                     ("datatype", None), ("datatype", ["FP32"]), ("shape", "1,4"), ("shape", {"0": 1}),
                     ("shape", [1.5, 4]), ("shape", ["1", "4"]), ("shape", [True, 4]), ("shape", [[1], [4]]),
                     ("shape", None), ("shape", 4), ("data", "5.1,3.5,1.4,0.2"), ("data", {"0": 5.1}),
                     ("data", 5.1), ("data", None), ("data", True), ("parameters", [1]), ("parameters", "p"),
                     ("parameters", {"nested": {"a": 1}}), ("parameters", {"list": [1]})]:
    oip(f"tensor-{field}-{j(value)[:10]}".replace('"', "").replace(" ", "").replace(":", ""),
        f"input '{field}' given as {j(value)}", 400, inputs=[tensor(**{field: value})])
for value in [5, None, ["r"], {"a": 1}]:
    oip(f"id-{j(value)[:8]}".replace('"', ""), f"'id' given as {j(value)}", 400, id=value)
for value in [[1], "p", {"nested": {"a": 1}}, {"list": [1, 2]}]:
    oip(f"parameters-{j(value)[:10]}".replace('"', "").replace(":", ""), f"request 'parameters' given as {j(value)}",
        400, parameters=value)
for label, value in [("object", {}), ("string", "label"), ("number-item", [1]), ("name-number", [{"name": 1}]),
                     ("no-name", [{}]), ("twice", [{"name": "label"}, {"name": "label"}]),
                     ("unknown-field", [{"name": "label", "extra": 1}])]:
    oip(f"outputs-{label}", f"'outputs' given as {j(value)}", 400, outputs=value)

# ---------------------------------------------------------------- OIP: missing fields
for field in ["name", "datatype", "shape", "data"]:
    oip(f"missing-{field}", f"an input without '{field}'", 400, inputs=[tensor(**{field: DROP})])
oip("no-inputs-field", "no 'inputs' at all", 400, body=j({"id": "x"}))
oip("empty-inputs", "'inputs' is an empty array", 400, inputs=[])
oip("empty-object", "an empty JSON object", 400, body="{}")

# ---------------------------------------------------------------- OIP: shape / data mismatch
for shape, data, why in [
    ([1, 4], [5.1, 3.5, 1.4], "3 values for shape [1,4]"),
    ([1, 4], [5.1, 3.5, 1.4, 0.2, 9], "5 values for shape [1,4]"),
    ([2, 4], [5.1, 3.5, 1.4, 0.2], "4 values for shape [2,4]"),
    ([1, 4], [], "no values for shape [1,4]"),
    ([2, 4], [[1, 2, 3, 4], [1, 2]], "ragged nested rows"),
    ([2, 4], [[1, 2, 3, 4], 5, 6, 7, 8], "values and arrays mixed at one level"),
    ([1, 4], [[[1, 2, 3, 4]]], "data nested deeper than its shape"),
    ([1, 2, 2], [[1, 2, 3, 4]], "data not nested as deep as its shape"),
    ([4], [[1, 2, 3, 4]], "nested data for a rank-1 shape"),
    ([1, 4], [[1, 2], [3, 4]], "nested rows that disagree with the shape"),
    ([], [1, 2, 3, 4], "a scalar shape with four values"),
    ([1, 4, 1], [1, 2, 3, 4], "rank 3 for a rank-2 input"),
    ([4], [1, 2, 3, 4], "rank 1 for a rank-2 input"),
    ([1, 3], [1, 2, 3], "3 features where the model takes 4"),
    ([1, 5], [1, 2, 3, 4, 5], "5 features where the model takes 4"),
    ([0, 4], [], "a batch of zero examples"),
]:
    oip("shape-" + why.replace(" ", "-").replace(",", "").replace("[", "").replace("]", "").replace("'", "")[:40],
        why, 400, inputs=[tensor(shape=shape, data=data)])

# ---------------------------------------------------------------- OIP: huge, negative, overflowing dimensions
for shape, why in [
    ([-1, 4], "a negative (dynamic) dimension in a request"),
    ([1, -4], "a negative dimension"),
    ([-9223372036854775808, 4], "the most negative 64-bit dimension"),
    ([1000000000, 4], "a billion examples claimed, one sent"),
    ([1, 1000000000], "a billion features claimed"),
    ([2147483648, 2147483648], "2^31 x 2^31 elements"),
    ([4294967296, 4294967296], "2^32 x 2^32: the product wraps to 0 in 64 bits"),
    ([3037000500, 3037000500], "a product just past 2^63"),
    ([65536, 65536, 65536, 65536], "2^64 elements over four dimensions"),
    ([2147483647, 2], "just past the largest Java array"),
    ([9223372036854775807], "the largest 64-bit dimension"),
    ([1] * 33, "33 dimensions"),
    ([1] * 100, "100 dimensions"),
]:
    oip("dims-" + why.replace(" ", "-").replace(",", "").replace("^", "")[:40], why, 400,
        inputs=[tensor(shape=shape)])
oip("dims-2-pow-64", "a dimension of 2^64 (past 64 bits)", 400,
    body='{"inputs":[{"name":"input","datatype":"FP32","shape":[18446744073709551616,4],"data":[1,2,3,4]}]}')
oip("dims-float-exponent", "a dimension written 1e3", 400,
    body='{"inputs":[{"name":"input","datatype":"FP32","shape":[1e3,4],"data":[1,2,3,4]}]}')
oip("dims-data-first-huge", "data before a shape claiming 2^31 x 2^31", 400,
    body='{"inputs":[{"data":[1,2,3,4],"name":"input","datatype":"FP32","shape":[2147483648,2147483648]}]}')
oip("dims-bytes-huge", "a BYTES tensor claiming a billion strings", 400,
    inputs=[{"name": "input", "datatype": "BYTES", "shape": [1000000000], "data": ["a"]}])

# ---------------------------------------------------------------- OIP: NaN, Infinity, out of range
for literal in ["NaN", "Infinity", "-Infinity", "+Infinity", "nan", "inf", "1e309", "-1e309", "1e39", "-3.5e38",
                "1e99999", "0x10", "01", ".5", "1.", "+1", "--1", "1e", "\"NaN\"", "\"Infinity\"", "\"1.0\"", "null",
                "true", "[]", "{}", "1" * 70]:
    oip("value-" + literal.replace('"', "q").replace(".", "dot").replace("+", "plus").replace("-", "minus")
        .replace("[]", "array").replace("{}", "object")[:20],
        f"an FP32 value written {literal[:30]}", 400,
        body='{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[' + literal + ',1,2,3]}]}')
for datatype, value, why in [("UINT8", "256", "256 in UINT8"), ("INT8", "-129", "-129 in INT8"),
                             ("UINT64", "-1", "-1 in UINT64"), ("UINT64", "18446744073709551616", "2^64 in UINT64"),
                             ("INT64", "9223372036854775808", "2^63 in INT64"), ("INT32", "1.5", "1.5 in INT32"),
                             ("FP16", "65520", "65520 in FP16 (rounds to infinity)"), ("BOOL", "1", "1 for BOOL"),
                             ("BYTES", "1", "a number for BYTES"), ("INT16", "\"7\"", "a string for INT16")]:
    oip(f"range-{datatype}-{why.split(' ')[0]}".replace('"', ""), why, 400,
        body='{"inputs":[{"name":"x","datatype":"' + datatype + '","shape":[1],"data":[' + value + ']}]}')

# ---------------------------------------------------------------- OIP: datatypes, names, unknown fields
for datatype in ["FP64", "INT64", "FP16", "BOOL", "BYTES", "UINT8"]:
    data = {"BOOL": [True, False, True, False], "BYTES": ["a", "b", "c", "d"]}.get(datatype, [1, 2, 3, 4])
    oip(f"datatype-{datatype}", f"{datatype} for an FP32 input", 400, inputs=[tensor(datatype=datatype, data=data)])
for datatype in ["fp32", "FLOAT", "FP128", "BF16", "STRING", "", "FP32 ", "TYPE_FP32"]:
    oip(f"datatype-unknown-{datatype.strip() or 'empty'}", f"datatype '{datatype}'", 400,
        inputs=[tensor(datatype=datatype)])
for field in ["input", "Inputs", "__proto__", "constructor", "model_name", "INPUTS"]:
    oip(f"unknown-top-{field.strip('_')}", f"unknown top-level field '{field}'", 400, **{field: 1})
for field in ["dtype", "values", "contents", "Shape", "binary_data"]:
    oip(f"unknown-tensor-{field}", f"unknown tensor field '{field}'", 400, inputs=[tensor(**{field: 1})])
for name in ["ínput", "input\u0000", "input ", " input", "INPUT", "💥", "\u202einput", "in\u200bput", "x" * 10000,
             "../input", "input\ninjected"]:
    label = {"ínput": "accented", "input\u0000": "nul", "input ": "trailing-space", " input": "leading-space",
             "INPUT": "upper-case", "💥": "emoji", "\u202einput": "rtl-override", "in\u200bput": "zero-width",
             "../input": "path", "input\ninjected": "newline"}.get(name, "10k-chars")
    oip(f"name-{label}", f"input name: {label.replace('-', ' ')}", 400, inputs=[tensor(name=name)])
oip("input-twice", "the same input given twice", 400, inputs=[VALID_INPUT, VALID_INPUT])
oip("extra-input", "an input the model does not take", 400, inputs=[VALID_INPUT, tensor(name="extra")])
oip("duplicate-key-top", "duplicate top-level key", 400,
    body='{"inputs":[' + j(VALID_INPUT) + '],"inputs":[' + j(VALID_INPUT) + ']}')
oip("duplicate-key-tensor", "duplicate key inside a tensor", 400,
    body='{"inputs":[{"name":"input","name":"input","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]}]}')
oip("binary-data-size", "binary_data_size with no binary part (no Inference-Header-Content-Length)", 400,
    inputs=[tensor(parameters={"binary_data_size": 16}, data=DROP)])
oip("unknown-output", "an output the model does not have", 400, outputs=[{"name": "logits"}])

# ---------------------------------------------------------------- OIP: nesting, big strings, sizes
case("oip-nesting-41", "oip", OIP, "data nested 41 deep (past the parser's limit of 40)", 400,
     generated={"prefix": '{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":', "repeat": "[",
                "times": 41, "suffix": "1" + "]" * 41 + "}]}"})
case("oip-nesting-100000", "oip", OIP, "100,000 opening brackets", 400,
     generated={"prefix": "", "repeat": "[", "times": 100000, "suffix": ""})
case("oip-nesting-objects-5000", "oip", OIP, "parameters nested 5,000 objects deep", 400,
     generated={"prefix": '{"parameters":', "repeat": '{"a":', "times": 5000, "suffix": "1" + "}" * 5001})
case("oip-long-id", "oip", OIP, "an id of 2 MiB (past the 1 MiB string limit)", 400,
     generated={"prefix": '{"id":"', "repeat": "x", "times": 2 * 1024 * 1024, "suffix": '","inputs":[' + j(VALID_INPUT) + "]}"})
case("oip-long-number", "oip", OIP, "a number of 100,000 digits", 400,
     generated={"prefix": '{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[', "repeat": "9",
                "times": 100000, "suffix": ',1,2,3]}]}'})
case("oip-many-values", "oip", OIP, "2 million values for a shape of [1,4]", 400,
     generated={"prefix": '{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[0', "repeat": ",0",
                "times": 2000000, "suffix": "]}]}"})
case("oip-oversized-5m", "oip", OIP, "a body one byte over the 5 MiB limit", 413, size=5 * 1024 * 1024 + 1)
case("oip-oversized-6m", "oip", OIP, "a body over the HTTP layer's 6 MiB limit", 413, size=6 * 1024 * 1024 + 1)
for protocol, path in [("oip", OIP), ("sagemaker", INVOKE)]:
    case(f"{protocol}-oversized-chunked", protocol, path,
         "a 5.5 MiB body without a Content-Length (chunked): over our 5 MiB limit, under the HTTP layer's", 413,
         size=5 * 1024 * 1024 + 512 * 1024, chunked=True)
# Funqy buffers a whole body before our code runs: a chunked one is cut by the HTTP layer's limit (6 MiB,
# as on Lambda); the local runner, whose HTTP limit is 2 GiB for uploads, refuses chunked function bodies (411).
case("predict-oversized-chunked", "predict", PREDICT, "an 8 MiB body without a Content-Length (chunked)", 413,
     size=8 * 1024 * 1024, chunked=True)
case("oip-oversized-20m", "oip", OIP, "a 20 MiB body", 413, size=20 * 1024 * 1024)

# ---------------------------------------------------------------- OIP: content types, methods, paths
for ct in ["text/plain", "application/xml", "text/csv", "application/x-www-form-urlencoded",
           "multipart/form-data; boundary=x", "application/octet-stream", "application/jsonx",
           "application/x-npy", "text/json"]:
    case("oip-content-type-" + ct.split(";")[0].replace("/", "-"), "oip", OIP, f"content type {ct}", 415,
         body=VALID_OIP, headers={"Content-Type": ct})
for ct in ["json", "application/", "/json"]:
    # Not a media type at all: the HTTP layer refuses the header itself.
    case("oip-content-type-malformed-" + ct, "oip", OIP, f"a malformed Content-Type header '{ct}'", 400,
         body=VALID_OIP, headers={"Content-Type": ct})
for method in ["GET", "PUT", "DELETE", "PATCH"]:
    case(f"oip-method-{method.lower()}", "oip", OIP, f"{method} on the infer route", 405, method=method,
         body=None if method in ("GET", "DELETE") else VALID_OIP)
for path, why in [("/v2/models/nope/infer", "an unknown model"), ("/v2/models/iris/versions/9.9.9/infer", "an unknown version"),
                  ("/v2/models/iris/versions/nope/infer", "an unknown alias"),
                  ("/v2/models/%F0%9F%92%A5/infer", "an emoji model name"),
                  ("/v2/models/iris%00/infer", "a NUL in the model name"),
                  ("/v2/models/..%2F..%2Fetc/infer", "an encoded path traversal"),
                  ("/v2/models/iris/versions/1.1.0%00/infer", "a NUL in the version"),
                  ("/v2/models/iris/versions/..%2F1.1.0/infer", "a traversal in the version"),
                  ("/v2/models/" + "a" * 2000 + "/infer", "a 2,000-character model name"),
                  ("/v2/models/IRIS/infer", "the model name in upper case"),
                  ("/v2/models/iris/inference", "a misspelt route")]:
    case("oip-path-" + why.replace(" ", "-").replace(",", "")[:30], "oip", path, why, 404, body=VALID_OIP)

# ---------------------------------------------------------------- Funqy predict
def predict(case_id, why, status, body=None, headers=None, **fields):
    if body is None:
        obj = {"endpoint": "iris", "inputs": {"input": [[5.1, 3.5, 1.4, 0.2]]}}
        for k, v in fields.items():
            if v is DROP:
                obj.pop(k, None)
            else:
                obj[k] = v
        body = j(obj)
    case("predict-" + case_id, "predict", PREDICT, why, status, body=body, headers=headers)


for cut in [1, 5, 15, 25, 40, 55, len(VALID_PREDICT) - 2, len(VALID_PREDICT) - 1]:
    predict(f"truncated-at-{cut}", f"the valid request cut after {cut} bytes", 400, body=VALID_PREDICT[:cut])
for name, text in [("plain-text", "hello"), ("json-array", "[]"), ("json-null", "null"), ("json-string", "\"x\""),
                   ("json-number", "7"), ("trailing-garbage", VALID_PREDICT + "]"), ("single-quotes", "{'endpoint':'iris'}"),
                   ("empty-object", "{}")]:
    predict(name, f"not a predict request: {name.replace('-', ' ')}", 400, body=text)
case("predict-empty-body", "predict", PREDICT, "an empty body", 400, body="")
case("predict-invalid-utf8", "predict", PREDICT, "invalid UTF-8 in a string", 400,
     body_base64=b'{"endpoint":"ir\xff\xfeis","inputs":{"input":[[1,2,3,4]]}}')
for field, value, status, why in [
    ("endpoint", DROP, 400, "no endpoint"), ("endpoint", 5, 400, "endpoint as a number"),
    ("endpoint", "", 400, "an empty endpoint"), ("endpoint", ["iris"], 400, "endpoint as an array"),
    ("endpoint", "nope", 404, "an unknown endpoint"), ("endpoint", "💥", 404, "an emoji endpoint"),
    ("endpoint", "iris\u0000", 404, "an endpoint with a NUL"), ("endpoint", "x" * 5000, 404, "a 5,000-character endpoint"),
    ("version", 1, 400, "version as a number"), ("version", "9.9.9", 404, "an unknown version"),
    ("version", "nope", 404, "an unknown alias"), ("routingKey", 7, 400, "routingKey as a number"),
    ("routingKey", {"k": 1}, 400, "routingKey as an object"), ("outputs", "label", 400, "outputs as a string"),
    ("outputs", [1], 400, "outputs holding a number"), ("outputs", ["logits"], 400, "an unknown output"),
    ("inputs", DROP, 400, "no inputs"), ("inputs", None, 400, "inputs null"), ("inputs", "5.1,3.5", 400, "inputs as a string"),
    ("inputs", 5, 400, "inputs as a number"), ("inputs", {"nope": [[1, 2, 3, 4]]}, 400, "an unknown input"),
    ("inputs", {"input": "1,2,3,4"}, 400, "an input as a string"), ("inputs", {"input": 5}, 400, "an input as a number"),
    ("inputs", {"input": [[1, 2, 3]]}, 400, "3 features"), ("inputs", {"input": [[1, 2, 3, 4, 5]]}, 400, "5 features"),
    ("inputs", {"input": [[1, 2, 3, 4], [1, 2]]}, 400, "ragged rows"), ("inputs", {"input": [[1, 2, 3, 4], 5]}, 400, "mixed rows"),
    ("inputs", {"input": []}, 400, "no examples"), ("inputs", {"input": [[]]}, 400, "an empty example"),
    ("inputs", {"input": [["a", "b", "c", "d"]]}, 400, "strings for numbers"),
    ("inputs", {"input": [[True, False, True, False]]}, 400, "booleans for numbers"),
    ("inputs", {"input": [[None, 1, 2, 3]]}, 400, "a null value"), ("inputs", {"input": [[{"v": 1}, 1, 2, 3]]}, 400, "an object value"),
    ("inputs", {"input": json.loads("[" * 33 + "1" + "]" * 33)}, 400, "nested 33 deep"), ("inputs", {"input": [[1e39, 1, 2, 3]]}, 400, "a value past FP32"),
    ("inputs", {"ínput": [[1, 2, 3, 4]]}, 400, "an accented input name"), ("inputs", {"": [[1, 2, 3, 4]]}, 400, "an empty input name"),
    ("unknown", 1, 400, "an unknown field"), ("Endpoint", "iris", 400, "a field in the wrong case"),
    ("__proto__", {}, 400, "a __proto__ field"),
]:
    predict(f"{field.strip('_').lower()}-" + why.replace(" ", "-").replace(",", "")[:30], why, status, **{field: value})
for literal in ["NaN", "Infinity", "-Infinity", "1e309", "\"NaN\""]:
    predict("value-" + literal.replace('"', "q").replace("-", "minus"), f"a value written {literal}", 400,
            body='{"endpoint":"iris","inputs":{"input":[[' + literal + ',1,2,3]]}}')
predict("duplicate-key", "duplicate key 'endpoint'", 400, body='{"endpoint":"iris","endpoint":"iris","inputs":{"input":[[1,2,3,4]]}}')
case("predict-nesting-2000", "predict", PREDICT, "inputs nested 2,000 deep", 400,
     generated={"prefix": '{"endpoint":"iris","inputs":{"input":', "repeat": "[", "times": 2000,
                "suffix": "1" + "]" * 2000 + "}}"})
case("predict-nesting-100000", "predict", PREDICT, "100,000 opening brackets", 400,
     generated={"prefix": "", "repeat": "[", "times": 100000, "suffix": ""})
case("predict-oversized-5m", "predict", PREDICT, "a body one byte over the 5 MiB limit", 413, size=5 * 1024 * 1024 + 1)
case("predict-oversized-8m", "predict", PREDICT, "an 8 MiB body", 413, size=8 * 1024 * 1024)
for ct in ["text/plain", "application/xml", "text/csv", "application/x-www-form-urlencoded"]:
    predict("content-type-" + ct.replace("/", "-"), f"content type {ct}", 415, body=VALID_PREDICT,
            headers={"Content-Type": ct})
case("predict-method-get", "predict", PREDICT, "GET on predict without query parameters (Funqy binds GET to them)", 400,
     method="GET", body=None)
case("predict-method-put", "predict", PREDICT, "PUT on predict", 405, method="PUT", body=VALID_PREDICT)

# ---------------------------------------------------------------- SageMaker /invocations
def invoke(id, why, status, body, headers=None):
    case("sagemaker-" + id, "sagemaker", INVOKE, why, status, body=body, headers=headers)


for cut in [1, 5, 14, 20, len(VALID_SAGEMAKER) - 2, len(VALID_SAGEMAKER) - 1]:
    invoke(f"truncated-at-{cut}", f"the valid request cut after {cut} bytes", 400, VALID_SAGEMAKER[:cut])
for id, body, why in [
    ("not-json", "hello", "not JSON"), ("json-null", "null", "JSON null"), ("json-number", "5", "a bare number"),
    ("json-string", "\"5.1,3.5\"", "a bare string"), ("empty-array", "[]", "no instances"),
    ("empty-object", "{}", "neither instances nor inputs"),
    ("instances-empty", '{"instances":[]}', "empty instances"), ("instances-object", '{"instances":{"a":1}}', "instances as an object"),
    ("instances-string", '{"instances":"x"}', "instances as a string"),
    ("both-forms", '{"instances":[[1,2,3,4]],"inputs":[[1,2,3,4]]}', "both instances and inputs"),
    ("unknown-field", '{"instances":[[1,2,3,4]],"extra":1}', "an unknown field"),
    ("inputs-number", '{"inputs":5}', "inputs as a number"), ("inputs-unknown", '{"inputs":{"nope":[[1,2,3,4]]}}', "an unknown input"),
    ("three-features", '{"instances":[[1,2,3]]}', "3 features"), ("five-features", '{"instances":[[1,2,3,4,5]]}', "5 features"),
    ("ragged", '{"instances":[[1,2,3,4],[1,2]]}', "ragged instances"), ("mixed", '{"instances":[[1,2,3,4],5]}', "mixed instances"),
    ("strings", '{"instances":[["a","b","c","d"]]}', "strings for numbers"),
    ("nan", '{"instances":[[NaN,1,2,3]]}', "a NaN literal"), ("overflow", '{"instances":[[1e309,1,2,3]]}', "1e309"),
    ("null-value", '{"instances":[[null,1,2,3]]}', "a null value"),
    ("object-instances-unknown", '{"instances":[{"nope":[1,2,3,4]}]}', "object instances naming an unknown input"),
    ("object-instances-mixed", '{"instances":[{"input":[1,2,3,4]},[1,2,3,4]]}', "object and array instances mixed"),
    ("deep", '{"instances":' + "[" * 33 + "1" + "]" * 33 + '}', "instances nested 33 deep"),
    ("duplicate-key", '{"instances":[[1,2,3,4]],"instances":[[1,2,3,4]]}', "duplicate key"),
]:
    invoke(id, why, 400, body)
for id, body, why in [
    ("csv-words", "a,b,c,d\n", "words in CSV"), ("csv-ragged", "1,2,3,4\n1,2\n", "ragged CSV rows"),
    ("csv-three", "1,2,3\n", "3 CSV columns"), ("csv-five", "1,2,3,4,5\n", "5 CSV columns"),
    ("csv-nan", "NaN,1,2,3\n", "NaN in CSV"), ("csv-infinity", "Infinity,1,2,3\n", "Infinity in CSV"),
    ("csv-overflow", "1e309,1,2,3\n", "1e309 in CSV"), ("csv-hex", "0x10,1,2,3\n", "hex in CSV"),
    ("csv-blank", "\n\n\n", "only blank lines"), ("csv-quoted", "\"1\",\"2\",\"3\",\"4\"\n", "quoted CSV cells"),
    ("csv-empty-cells", ",,,\n", "empty CSV cells"), ("csv-header", "a,b,c,d\n1,2,3,4\n", "a header row"),
    ("csv-semicolons", "1;2;3;4\n", "semicolon separators"), ("csv-json", VALID_SAGEMAKER, "JSON sent as CSV"),
]:
    invoke(id, why, 400, body, headers=CSV_CT)
for ct in ["text/plain", "application/xml", "application/x-npy", "application/x-recordio-protobuf", "image/jpeg",
           "application/jsonlines"]:
    invoke("content-type-" + ct.replace("/", "-"), f"content type {ct}", 415, VALID_SAGEMAKER,
           headers={"Content-Type": ct})
for accept in ["application/xml", "image/png", "text/html", "application/json;q=0, text/csv;q=0"]:
    invoke("accept-" + accept.split(";")[0].replace("/", "-") + ("-q0" if "q=0" in accept else ""),
           f"Accept: {accept}", 406, VALID_SAGEMAKER, headers={"Content-Type": "application/json", "Accept": accept})
for header, value, why in [("X-ModelFn-Endpoint", "nope", "an unknown endpoint header"),
                           ("X-ModelFn-Endpoint", "%F0%9F%92%A5", "an encoded emoji endpoint header"),
                           ("X-ModelFn-Version", "9.9.9", "an unknown version header"),
                           ("X-ModelFn-Version", "../../1.1.0", "a traversal in the version header"),
                           ("X-Amzn-SageMaker-Custom-Attributes", "endpoint=nope", "an unknown endpoint attribute")]:
    invoke("header-" + why.replace(" ", "-")[:30], why, 404, VALID_SAGEMAKER,
           headers={"Content-Type": "application/json", header: value})
case("sagemaker-empty-body", "sagemaker", INVOKE, "an empty body", 400, body="")
case("sagemaker-oversized-5m", "sagemaker", INVOKE, "a body one byte over the 5 MiB limit", 413, size=5 * 1024 * 1024 + 1,
     headers=CSV_CT)
case("sagemaker-nesting-100000", "sagemaker", INVOKE, "100,000 opening brackets", 400,
     generated={"prefix": "", "repeat": "[", "times": 100000, "suffix": ""})
case("sagemaker-csv-million-columns", "sagemaker", INVOKE, "one CSV row of a million columns", 400,
     generated={"prefix": "1", "repeat": ",1", "times": 1000000, "suffix": "\n"}, headers=CSV_CT)
case("sagemaker-method-get", "sagemaker", INVOKE, "GET on invocations", 405, method="GET", body=None)

# ---------------------------------------------------------------- HTTP layer
for path, why in [("/nope", "an unknown route"), ("/v2/models", "a route with no method"), ("/v3/models/iris/infer", "another protocol version"),
                  ("/%2e%2e/%2e%2e/etc/passwd", "an encoded traversal"), ("/v2/health/../../nope", "a dot-dot path")]:
    case("http-" + why.replace(" ", "-"), "http", path, why, 404, body=VALID_OIP)
case("http-request-id-hostile", "http", OIP, "a hostile X-Request-Id with an invalid body", 400, body="{",
     headers={"Content-Type": "application/json", "X-Request-Id": "<script>alert(1)</script>\t" + "x" * 500})

ids = [c["id"] for c in cases]
dupes = {i for i in ids if ids.count(i) > 1}
assert not dupes, dupes
with open(os.path.join(HERE, "corpus.jsonl"), "w", encoding="utf-8") as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=False) + "\n")
by_protocol = {}
for c in cases:
    by_protocol[c["protocol"]] = by_protocol.get(c["protocol"], 0) + 1
print(f"{len(cases)} cases: {by_protocol}")
