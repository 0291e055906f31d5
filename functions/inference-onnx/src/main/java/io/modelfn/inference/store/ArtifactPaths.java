package io.modelfn.inference.store;

import io.modelfn.core.model.ModelKey;
import java.util.regex.Pattern;

/**
 * The path rules both stores share: a relative path of safe segments, and where a model version's
 * file lives under a store's root ({@code <name>/<version>/model.onnx}, as in {@code models/}).
 *
 * <p>A safe segment is an allow-list, not a deny-list: letters, digits and {@code . _ - + =}, not
 * starting with a dot. That rules out {@code ..} and {@code .}, hidden files, backslashes, percent
 * encodings, colons (drive letters, schemes), spaces and control characters in one rule; empty
 * segments (leading, trailing or doubled slashes) are refused too. Stateless, thread-safe.
 */
final class ArtifactPaths {

    static final String MODEL_FILE = "model.onnx";

    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9_+=-][A-Za-z0-9._+=-]{0,254}");

    private ArtifactPaths() {
    }

    static boolean isSafeSegment(String segment) {
        return SAFE_SEGMENT.matcher(segment).matches();
    }

    /** Whether {@code path} is one or more safe segments joined by single slashes. */
    static boolean isSafeRelativePath(String path) {
        if (path.isEmpty()) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (!isSafeSegment(segment)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code <name>/<version>/model.onnx} for a key.
     *
     * @throws IllegalArgumentException when the name or version is not a safe segment, so no store
     *     ever hands out a location it would refuse to read
     */
    static String modelFile(ModelKey key) {
        if (!isSafeSegment(key.name()) || !isSafeSegment(key.version())) {
            throw new IllegalArgumentException("model name and version must be letters, digits and . _ - + = "
                    + "(not starting with a dot), got: " + UntrustedText.excerpt(key.toString()));
        }
        return key.name() + "/" + key.version() + "/" + MODEL_FILE;
    }
}
