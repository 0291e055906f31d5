package io.modelfn.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version (semver.org 2.0.0): {@code major.minor.patch}, an optional pre-release and
 * optional build metadata. Ordering follows the spec's precedence rules; build metadata is kept
 * but ignored by ordering and equality of precedence, as the spec says.
 */
public final class SemanticVersion implements Comparable<SemanticVersion> {

    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d{0,9})\\.(0|[1-9]\\d{0,9})\\.(0|[1-9]\\d{0,9})"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
                    + "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");
    private static final int MAX_LENGTH = 128;

    private final long major;
    private final long minor;
    private final long patch;
    private final List<String> preRelease;
    private final String build;

    private SemanticVersion(long major, long minor, long patch, List<String> preRelease, String build) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.preRelease = List.copyOf(preRelease);
        this.build = build;
    }

    /**
     * Parses a version such as {@code 1.2.3}, {@code 2.0.0-rc.1} or {@code 1.0.0+int8}.
     *
     * @throws IllegalArgumentException when the text is not a semantic version
     */
    public static SemanticVersion parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not a semantic version: " + abbreviate(text));
        }
        Matcher m = SEMVER.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a semantic version (major.minor.patch): " + abbreviate(text));
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        return new SemanticVersion(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), pre, m.group(5));
    }

    public static boolean isValid(String text) {
        return text != null && text.length() <= MAX_LENGTH && SEMVER.matcher(text).matches();
    }

    public long major() {
        return major;
    }

    public long minor() {
        return minor;
    }

    public long patch() {
        return patch;
    }

    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /**
     * A string whose lexicographic order equals the version's precedence, for sort keys in
     * DynamoDB: numbers are zero-padded and a release sorts after its pre-releases.
     */
    public String sortKey() {
        StringBuilder key = new StringBuilder(48);
        key.append(pad(major)).append('.').append(pad(minor)).append('.').append(pad(patch));
        if (preRelease.isEmpty()) {
            key.append('~');
        } else {
            key.append('-');
            List<String> parts = new ArrayList<>(preRelease.size());
            for (String id : preRelease) {
                // Numeric identifiers sort numerically and before alphanumeric ones ('0' < 'A').
                parts.add(isNumeric(id) ? pad(Long.parseLong(id)) : "~" + id);
            }
            key.append(String.join(".", parts)).append('.');
        }
        return key.toString();
    }

    @Override
    public int compareTo(SemanticVersion other) {
        int c = Long.compare(major, other.major);
        if (c == 0) {
            c = Long.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, other.patch);
        }
        if (c != 0) {
            return c;
        }
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), other.preRelease.size()); i++) {
            c = comparePreReleaseIdentifier(preRelease.get(i), other.preRelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    private static int comparePreReleaseIdentifier(String a, String b) {
        boolean numericA = isNumeric(a);
        boolean numericB = isNumeric(b);
        if (numericA && numericB) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        if (numericA != numericB) {
            return numericA ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean isNumeric(String id) {
        for (int i = 0; i < id.length(); i++) {
            if (!Character.isDigit(id.charAt(i))) {
                return false;
            }
        }
        return id.length() <= 18;
    }

    private static String pad(long n) {
        String digits = Long.toString(n);
        return "0".repeat(Math.max(0, 10 - digits.length())) + digits;
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SemanticVersion v && compareTo(v) == 0 && Objects.equals(build, v.build);
    }

    @Override
    public int hashCode() {
        return Objects.hash(major, minor, patch, preRelease, build);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
        if (!preRelease.isEmpty()) {
            s.append('-').append(String.join(".", preRelease));
        }
        if (build != null) {
            s.append('+').append(build);
        }
        return s.toString();
    }
}
