package io.modelfn.inference.onnx;

/**
 * Process-wide settings ONNX Runtime reads before its first use. The environment variable
 * {@code ORT_DISABLE_TELEMETRY=1} is set in every runtime we ship, and the engine turns telemetry off on its
 * environment as well.
 *
 * <p>ONNX Runtime's native libraries are loaded from a folder when one is there (the
 * {@code layers/onnxruntime} Lambda layer at {@value #LAYER_NATIVES}, or
 * {@code MODELFN_ONNXRUNTIME_NATIVE_PATH}) rather than unpacked from the jar into a temporary folder.
 */
final class RuntimeDefaults {

    static final String LAYER_NATIVES = "/opt/onnxruntime/lib";
    private static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";

    private RuntimeDefaults() {
    }

    static void apply() {
        if (System.getProperty(NATIVE_PATH_PROPERTY) == null) {
            String configured = System.getenv("MODELFN_ONNXRUNTIME_NATIVE_PATH");
            String folder = configured != null && !configured.isBlank() ? configured : LAYER_NATIVES;
            if (java.nio.file.Files.isRegularFile(java.nio.file.Path.of(folder, "libonnxruntime.so"))) {
                System.setProperty(NATIVE_PATH_PROPERTY, folder);
            }
        }
    }
}
