package io.modelfn.core.artifact;

/**
 * A model file we refuse to create a session for: not ONNX, truncated, tampered (digest mismatch),
 * referencing external data, or using types we cannot serve.
 */
public class InvalidModelArtifactException extends RuntimeException {

    public InvalidModelArtifactException(String message) {
        super(message);
    }
}
