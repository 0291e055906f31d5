/** Model load time against model size: generated ONNX models, loaded cold from a folder and from S3. */
package io.modelfn.bench.loadtime;
