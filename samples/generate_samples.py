"""Writes the request bodies and API Gateway events in samples/ from the models' reference vectors.

    python3 samples/generate_samples.py

Only the standard library is needed. Rerun after models/ changes; the files are committed, and the
tests read them (the samples are the contract the tests prove).
"""
import base64
import glob
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(os.path.dirname(HERE), "models")


def versions():
    for card_path in sorted(glob.glob(os.path.join(MODELS, "*", "*", "model.json"))):
        with open(card_path) as f:
            card = json.load(f)
        with open(os.path.join(os.path.dirname(card_path), "reference.json")) as f:
            reference = json.load(f)
        yield card, reference


def nested(tensor):
    """Flat row-major data → nested lists following the shape."""
    data, shape = tensor["data"], tensor["shape"]

    def build(offset, dims):
        if len(dims) == 1:
            return data[offset:offset + dims[0]]
        step = 1
        for d in dims[1:]:
            step *= d
        return [build(offset + i * step, dims[1:]) for i in range(dims[0])]

    return build(0, shape)


def write(path, obj, compact=False):
    with open(path, "w") as f:
        if compact:
            json.dump(obj, f, separators=(",", ":"))
        else:
            json.dump(obj, f, indent=2)
        f.write("\n")


# The caller API Gateway puts in the request context of a route with IAM authorization (SigV4), as
# HTTP API payload 2.0 carries it: here an operator's assumed-role session.
IAM_OPERATOR = {
    "accessKey": "ASIAXMPLOPERATOR0001",
    "accountId": "123456789012",
    "callerId": "AROAXMPLOPERATOR00001:alice",
    "cognitoIdentity": None,
    "principalOrgId": "o-a1b2c3d4e5",
    "userArn": "arn:aws:sts::123456789012:assumed-role/modelfn-operator/alice",
    "userId": "AROAXMPLOPERATOR00001:alice",
}


def binary_oip_request(case, request_id):
    """Triton's binary tensor data framing: the JSON part, then each FP32 input's little-endian bytes."""
    inputs, data = [], b""
    for t in case["inputs"]:
        assert t["datatype"] == "FP32", t["datatype"]
        raw = struct.pack("<%df" % len(t["data"]), *t["data"])
        inputs.append({"name": t["name"], "datatype": t["datatype"], "shape": t["shape"],
                       "parameters": {"binary_data_size": len(raw)}})
        data += raw
    header = json.dumps({"id": request_id, "parameters": {"binary_data_output": True}, "inputs": inputs},
                        separators=(",", ":")).encode()
    return header + data, len(header)


def api_gateway_v2_event(method, path, body, content_type="application/json", headers=None, request_id="req-0001",
                         route_key="$default", iam=None, base64_encoded=False):
    all_headers = {
        "accept": "*/*",
        "content-type": content_type,
        "host": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
        "user-agent": "curl/8.5.0",
        "x-forwarded-for": "203.0.113.10",
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
    }
    all_headers.update(headers or {})
    if body is None:
        del all_headers["content-type"]
    event = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": path,
        "rawQueryString": "",
        "headers": all_headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "a1b2c3d4e5",
            "domainName": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
            "domainPrefix": "a1b2c3d4e5",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.10",
                     "userAgent": "curl/8.5.0"},
            "requestId": request_id,
            "routeKey": route_key,
            "stage": "$default",
            "time": "21/Nov/2026:12:00:00 +0000",
            "timeEpoch": 1795262400000,
        },
        "body": body,
        "isBase64Encoded": base64_encoded,
    }
    if iam is not None:
        event["requestContext"]["authorizer"] = {"iam": iam}
    return event


def main():
    requests = os.path.join(HERE, "requests")
    events = os.path.join(HERE, "events")
    os.makedirs(requests, exist_ok=True)
    os.makedirs(events, exist_ok=True)
    n = 0
    for card, reference in versions():
        name, version = card["name"], card["version"]
        case = reference["cases"][0]
        tag = f"{name}-{version}"
        oip = {"id": f"sample-{tag}", "inputs": case["inputs"]}
        write(os.path.join(requests, f"oip-infer-{tag}.json"), oip, compact=True)
        inputs = {t["name"]: nested(t) for t in case["inputs"]}
        write(os.path.join(requests, f"predict-{tag}.json"),
              {"endpoint": name, "version": version, "inputs": inputs}, compact=True)
        only = case["inputs"][0]
        write(os.path.join(requests, f"sagemaker-{tag}.json"), {"instances": nested(only)}, compact=True)
        rows = nested(only)
        flat_rows = []
        for row in rows:
            flat = row
            while flat and isinstance(flat[0], list):
                flat = [v for part in flat for v in part]
            flat_rows.append(",".join(repr(v) for v in flat))
        with open(os.path.join(requests, f"sagemaker-{tag}.csv"), "w") as f:
            f.write("\n".join(flat_rows) + "\n")
        write(os.path.join(events, f"apigw-v2-oip-infer-{tag}.json"), api_gateway_v2_event(
            "POST", f"/v2/models/{name}/versions/{version}/infer", json.dumps(oip, separators=(",", ":")),
            request_id=f"req-{tag}"))
        n += 1
        if name == "digits":
            # API Gateway hands a binary body to Lambda base64-encoded.
            body, header_length = binary_oip_request(case, f"sample-binary-{tag}")
            write(os.path.join(events, f"apigw-v2-oip-infer-binary-{tag}.json"), api_gateway_v2_event(
                "POST", f"/v2/models/{name}/versions/{version}/infer", base64.b64encode(body).decode(),
                content_type="application/octet-stream", request_id=f"req-binary-{tag}",
                headers={"inference-header-content-length": str(header_length)}, base64_encoded=True))
    write(os.path.join(events, "apigw-v2-predict-iris.json"), api_gateway_v2_event(
        "POST", "/predict", json.dumps({"endpoint": "iris", "inputs": {"input": [[5.1, 3.5, 1.4, 0.2]]}})))
    write(os.path.join(events, "apigw-v2-sagemaker-invocations-iris.csv.json"), api_gateway_v2_event(
        "POST", "/invocations", "5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n", content_type="text/csv",
        headers={"x-modelfn-endpoint": "iris", "accept": "text/csv"}))
    write(os.path.join(events, "apigw-v2-oip-unknown-model.json"), api_gateway_v2_event(
        "POST", "/v2/models/no-such-model/infer",
        json.dumps({"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [1, 2, 3, 4]}]})))
    write(os.path.join(events, "apigw-v2-oip-malformed.json"), api_gateway_v2_event(
        "POST", "/v2/models/iris/infer", '{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [1, 2'))
    write(os.path.join(events, "apigw-v2-health-ready.json"), api_gateway_v2_event("GET", "/v2/health/ready", None))
    write(os.path.join(events, "apigw-v2-admin-aliases-set-iam.json"), api_gateway_v2_event(
        "POST", "/admin/aliases/set",
        json.dumps({"model": "iris", "alias": "iam-checked", "version": "1.1.0", "revision": 0,
                    "reason": "set by an IAM-signed call"}),
        request_id="req-admin-iam", route_key="ANY /admin/{proxy+}", iam=IAM_OPERATOR))
    print(f"wrote samples for {n} model versions")


if __name__ == "__main__":
    main()
