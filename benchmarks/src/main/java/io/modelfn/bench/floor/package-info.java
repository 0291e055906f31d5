/**
 * The throughput floor: a bare HTTP server that decodes an Open Inference Protocol request, runs ONNX
 * Runtime and encodes the same answer as modelfn, and nothing else; what the HTTP path is measured against.
 */
package io.modelfn.bench.floor;
