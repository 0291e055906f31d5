/** The inference engine on DJL's ONNX Runtime engine. */
package io.modelfn.inference.onnx;
