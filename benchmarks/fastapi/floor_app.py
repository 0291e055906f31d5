"""FastAPI + ONNX Runtime baseline for the floor stage of benchmarks/run.sh.

The same route and answer shape as modelfn's /v2/models/{m}/versions/{v}/infer (the numbers are
written by Python's float repr, so the bytes differ from modelfn's; the values are the same), written
as a user who wants it fast would: the body parsed with json, one numpy array, one session run per
request, the answer serialised once. ONNX Runtime runs one intra-op thread per worker (two workers
on two cores would otherwise spin against each other).

Run from the repository root (models/ is read from there), as uvicorn's own documentation advises
for production (`uvicorn[standard]`: uvloop's event loop and httptools' HTTP parser, both written in
C, where the bare install runs asyncio's loop and h11, a parser in pure Python):

    uvicorn --app-dir benchmarks/fastapi floor_app:app --workers 2 --loop uvloop \
        --http floor_app:NoDelayHttpToolsProtocol --port 18083 --no-access-log --log-level warning

(`--loop asyncio --http floor_app:NoDelayH11Protocol` is the bare install, for comparison.)

Nagle: `uvicorn --workers N` hands each worker the listening socket as a file descriptor, and the
connections asyncio accepts from it keep Nagle's algorithm on; every keep-alive answer then waits
for the client's delayed ACK (~40 ms). The NoDelay protocols set TCP_NODELAY on each accepted
connection, as a deployed server has it.
"""
import json
import os
import socket

import numpy as np
import onnxruntime as ort
from fastapi import FastAPI, Request, Response
from uvicorn.protocols.http.h11_impl import H11Protocol


def _no_delay(transport):
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's h11 protocol (the bare install's) with TCP_NODELAY on every accepted connection."""

    def connection_made(self, transport):
        _no_delay(transport)
        super().connection_made(transport)


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class NoDelayHttpToolsProtocol(HttpToolsProtocol):
        """uvicorn's httptools protocol (uvicorn[standard]'s) with TCP_NODELAY on every accepted connection."""

        def connection_made(self, transport):
            _no_delay(transport)
            super().connection_made(transport)
except ImportError:  # without httptools only the bare protocol is offered
    pass


def _session(path):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


MODELS_DIR = os.environ.get("FLOOR_MODELS_DIR", "models")
SESSIONS = {}
for key in os.environ.get("FLOOR_MODELS", "iris/1.1.0,digits/1.0.0").split(","):
    name, version = key.strip().split("/")
    session = _session(os.path.join(MODELS_DIR, name, version, "model.onnx"))
    SESSIONS[(name, version)] = (session, session.get_inputs()[0].name, [o.name for o in session.get_outputs()])

DATATYPES = {np.dtype("float32"): "FP32", np.dtype("int64"): "INT64"}

app = FastAPI()


def _error(status, message):
    return Response(json.dumps({"error": message}), status_code=status, media_type="application/json")


@app.get("/v2/health/ready")
def ready():
    return Response('{"ready":true}', media_type="application/json")


@app.post("/v2/models/{name}/versions/{version}/infer")
async def infer(name: str, version: str, request: Request):
    model = SESSIONS.get((name, version))
    if model is None:
        return _error(404, "no such model version")
    session, input_name, output_names = model
    try:
        body = json.loads(await request.body())
        tensor = body["inputs"][0]
        if tensor["datatype"] != "FP32":
            return _error(400, "the baseline serves FP32 inputs")
        data = np.asarray(tensor["data"], dtype=np.float32).reshape(tensor["shape"])
    except (ValueError, KeyError, IndexError, TypeError):
        return _error(400, "malformed inference request")
    results = session.run(output_names, {input_name: data})
    answer = {"model_name": name, "model_version": version}
    if "id" in body:
        answer["id"] = body["id"]
    answer["parameters"] = {"endpoint": name, "variant": "pinned"}
    answer["outputs"] = [
        {"name": n, "datatype": DATATYPES[r.dtype], "shape": list(r.shape), "data": r.ravel().tolist()}
        for n, r in zip(output_names, results)
    ]
    return Response(json.dumps(answer, separators=(",", ":")), media_type="application/json")
