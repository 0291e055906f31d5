package io.modelfn.inference.onnx;

/**
 * Process-wide settings DJL and ONNX Runtime read before their first use. The environment variables
 * {@code OPT_OUT_TRACKING=true} and {@code ORT_DISABLE_TELEMETRY=1} are set in every runtime we
 * ship; these system properties are the same promise for runtimes that forget them.
 */
final class RuntimeDefaults {

    private RuntimeDefaults() {
    }

    static void apply() {
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
