package io.modelfn.inference.onnx;

/**
 * Process-wide settings DJL and ONNX Runtime read before their first use. The environment variables
 * {@code OPT_OUT_TRACKING=true} and {@code ORT_DISABLE_TELEMETRY=1} are set in every runtime we
 * ship; these system properties are the same promise for runtimes that forget them.
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
        // DJL reads these as environment variables or system properties.
        setIfAbsent("OPT_OUT_TRACKING", "true");
        // Never download engines or models: everything we run is on the classpath or in our cache dir.
        setIfAbsent("ai.djl.offline", "true");
        // DJL would otherwise look for a PyTorch or MXNet engine to fall back on.
        setIfAbsent("ai.djl.onnx.disable_alternative", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
