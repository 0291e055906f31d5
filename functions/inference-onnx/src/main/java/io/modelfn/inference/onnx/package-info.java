/** The inference engine on ONNX Runtime's Java API. */
package io.modelfn.inference.onnx;
