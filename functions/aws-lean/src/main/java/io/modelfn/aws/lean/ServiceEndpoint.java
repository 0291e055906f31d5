package io.modelfn.aws.lean;

import java.net.URI;
import java.util.Optional;

/**
 * A service's regional endpoint, {@code https://<prefix>.<region>.<partition's domain>}, or an emulator's.
 * FIPS and dual-stack endpoints are not made here: where they are asked for, the SDK's clients are used.
 */
final class ServiceEndpoint {

    private ServiceEndpoint() {
    }

    static URI of(String prefix, String region, Optional<String> override) {
        if (override.isPresent()) {
            URI uri = URI.create(override.get());
            if (uri.getHost() == null || uri.getScheme() == null) {
                throw new IllegalArgumentException("an endpoint override needs a scheme and a host: " + override.get());
            }
            return uri;
        }
        return URI.create("https://" + prefix + "." + region + "." + domain(region));
    }

    /** The DNS domain of {@code region}'s partition. */
    static String domain(String region) {
        if (region.startsWith("cn-")) {
            return "amazonaws.com.cn";
        }
        if (region.startsWith("us-isob-")) {
            return "sc2s.sgov.gov";
        }
        if (region.startsWith("us-iso-")) {
            return "c2s.ic.gov";
        }
        if (region.startsWith("eu-isoe-")) {
            return "cloud.adc-e.uk";
        }
        if (region.startsWith("us-isof-")) {
            return "csp.hci.ic.gov";
        }
        return "amazonaws.com";
    }

    /** Whether {@code host} is an IPv4 or bracketed IPv6 address, not a name. */
    static boolean isIpAddress(String host) {
        return host != null && (host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.startsWith("["));
    }

    /** Whether {@code region} is a region's id, as AWS spells them ({@code eu-west-1}). */
    static boolean isRegion(String region) {
        return region != null && region.matches("[a-z]{2}(-[a-z]+)+-\\d+");
    }
}
