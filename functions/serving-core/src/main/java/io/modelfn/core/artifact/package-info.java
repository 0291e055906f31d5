/** Model artifacts vetted on their bytes alone: ONNX declarations, external-data references, integrity. */
package io.modelfn.core.artifact;
