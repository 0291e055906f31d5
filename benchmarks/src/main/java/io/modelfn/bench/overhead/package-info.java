/** In-process overhead of the prediction path over raw ONNX Runtime (JMH). */
package io.modelfn.bench.overhead;
