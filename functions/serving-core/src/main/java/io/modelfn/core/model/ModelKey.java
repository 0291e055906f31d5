package io.modelfn.core.model;

import java.util.Objects;

/** Identifies one version of one model, e.g. {@code iris/1.1.0}. */
public record ModelKey(String name, String version) {

    public ModelKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    /** Parses {@code name/version}. */
    public static ModelKey parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("expected name/version, got: " + text);
        }
        return new ModelKey(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public String toString() {
        return name + "/" + version;
    }
}
