package io.modelfn.infra.gpu;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image URI, understood well enough to grant pulls: an ECR image
 * ({@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]}) names its repository,
 * so pull rights can be granted on that repository only. SageMaker pulls from ECR only.
 */
public record ContainerImageUri(String uri, Optional<Ecr> ecr) {

    private static final Pattern ECR = Pattern.compile(
            "^(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([a-z0-9._/-]+?)(?:([:@])(.+))?$");

    /** An ECR image's parts; {@code tagOrDigest} defaults to {@code latest}. */
    public record Ecr(String account, String region, String repository, String tagOrDigest) {
    }

    public static ContainerImageUri parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("an image URI is required");
        }
        Matcher m = ECR.matcher(uri.trim());
        if (!m.matches()) {
            return new ContainerImageUri(uri.trim(), Optional.empty());
        }
        String tag = m.group(5) == null ? "latest" : m.group(5);
        return new ContainerImageUri(uri.trim(), Optional.of(new Ecr(m.group(1), m.group(2), m.group(3), tag)));
    }

    public Ecr requireEcr(String who) {
        return ecr.orElseThrow(() -> new IllegalArgumentException(who + " pulls images from Amazon ECR only; '" + uri
                + "' is not an ECR image URI (<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>)"));
    }
}
