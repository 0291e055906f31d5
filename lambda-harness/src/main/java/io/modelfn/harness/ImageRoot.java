package io.modelfn.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The root file system of the function's container image, staged in a folder as the image holds it
 * ({@code images/lambda-image/stage-root.sh}): the JDK in {@code /var/lang}, the runtime interface client in
 * {@code /var/runtime/lib}, the function in {@code /var/task}, the ONNX Runtime natives in {@code /opt}, the
 * launch line's options in {@link #LAUNCH_ARGS} and, once trained, the AOT cache in {@link #AOT_CACHE}.
 */
public record ImageRoot(Path root) {

    /** The image's JVM. */
    public static final String JAVA = "/var/lang/bin/java";
    /** The launch line's argument file: JVM options, class path and the runtime interface client's main class. */
    public static final String LAUNCH_ARGS = "/var/modelfn/launch.args";
    /** The AOT cache the image's entry point names. */
    public static final String AOT_CACHE = "/var/modelfn/function.aot";

    public ImageRoot {
        if (!Files.isExecutable(root.resolve(JAVA.substring(1))) || !Files.isRegularFile(root.resolve(LAUNCH_ARGS.substring(1)))) {
            throw new IllegalArgumentException(root + " is not a staged image root (images/lambda-image/stage-root.sh)");
        }
    }

    /** Where a path of the image lies in the staged folder. */
    public Path resolve(String imagePath) {
        return root.resolve(imagePath.substring(1));
    }

    /** The AOT cache in the staged folder, present once trained. */
    public Path aotCache() {
        return resolve(AOT_CACHE);
    }
}
