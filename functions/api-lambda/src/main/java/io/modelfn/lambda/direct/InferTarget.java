package io.modelfn.lambda.direct;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoint (and pinned version) of an infer path, {@code /v2/models/{name}/infer} or
 * {@code /v2/models/{name}/versions/{version}/infer}. Only segments of URI-unreserved characters are
 * taken: a path with escapes, empty segments or anything the router would have to decode or normalise
 * is left to the HTTP bridge, whose router decides what it means.
 *
 * @param version the pinned version or alias; null when none
 */
record InferTarget(String name, String version) {

    private static final String SEGMENT = "([A-Za-z0-9._~-]+)";
    private static final Pattern INFER = Pattern.compile("/v2/models/" + SEGMENT + "(?:/versions/" + SEGMENT + ")?/infer");

    /** The target of {@code rawPath}, or null when it is not an infer path this class can read exactly. */
    static InferTarget of(String rawPath) {
        if (rawPath == null) {
            return null;
        }
        Matcher matcher = INFER.matcher(rawPath);
        if (!matcher.matches() || dotSegment(matcher.group(1)) || dotSegment(matcher.group(2))) {
            return null;
        }
        return new InferTarget(matcher.group(1), matcher.group(2));
    }

    /** {@code .} and {@code ..}, which a router normalises away. */
    private static boolean dotSegment(String segment) {
        return ".".equals(segment) || "..".equals(segment);
    }
}
