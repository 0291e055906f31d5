package io.modelfn.layers.models;

/** A models layer cannot be built as asked: a version is missing, differs from its card, or the layer is too large. */
public class ModelsLayerException extends RuntimeException {

    public ModelsLayerException(String message) {
        super(message);
    }

    public ModelsLayerException(String message, Throwable cause) {
        super(message, cause);
    }
}
