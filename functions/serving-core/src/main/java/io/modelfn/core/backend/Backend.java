package io.modelfn.core.backend;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where an endpoint's models run, as the registry spells it: {@code lambda} (this process, whatever
 * runs it), {@code sagemaker:<endpoint name>} or {@code http:<base URL>} (an internal load balancer in
 * front of the api container).
 */
public sealed interface Backend {

    /** Models run in this process. */
    Backend IN_PROCESS = new InProcess();

    String LAMBDA = "lambda";

    /** Whether requests are forwarded rather than run here. */
    boolean remote();

    /** The registry spelling. */
    String text();

    /**
     * Parses the registry's spelling.
     *
     * @throws IllegalArgumentException when it is none of the three forms
     */
    static Backend parse(String text) {
        if (text == null || text.isBlank() || text.trim().equals(LAMBDA)) {
            return IN_PROCESS;
        }
        String value = text.trim();
        if (value.startsWith(SageMaker.PREFIX)) {
            return new SageMaker(value.substring(SageMaker.PREFIX.length()));
        }
        if (value.startsWith(Http.PREFIX)) {
            return new Http(value.substring(Http.PREFIX.length()));
        }
        throw new IllegalArgumentException("backend must be lambda, sagemaker:<endpoint name> or http:<url>, not '"
                + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'");
    }

    /** In this process. */
    record InProcess() implements Backend {
        @Override
        public boolean remote() {
            return false;
        }

        @Override
        public String text() {
            return LAMBDA;
        }
    }

    /** A SageMaker real-time endpoint running the api container ({@code InvokeEndpoint}). */
    record SageMaker(String endpointName) implements Backend {
        static final String PREFIX = "sagemaker:";
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](-*[A-Za-z0-9]){0,62}");

        public SageMaker {
            if (endpointName == null || !NAME.matcher(endpointName).matches()) {
                throw new IllegalArgumentException("a SageMaker endpoint name is 1-63 letters, digits or inner dashes");
            }
        }

        @Override
        public boolean remote() {
            return true;
        }

        @Override
        public String text() {
            return PREFIX + endpointName;
        }
    }

    /** The api container behind a URL, e.g. an internal load balancer; requests go to its OIP routes. */
    record Http(URI baseUrl) implements Backend {
        static final String PREFIX = "http:";

        public Http(String url) {
            this(parseUrl(url));
        }

        public Http {
            String scheme = baseUrl.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null
                    || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException("an http backend is an http(s)://host[:port][/path] URL without "
                        + "credentials, query or fragment");
            }
        }

        private static URI parseUrl(String url) {
            try {
                return URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("an http backend needs a valid URL: " + e.getMessage());
            }
        }

        /** The URL of a path under the base, e.g. {@code /v2/models/iris/versions/1.0.0/infer}. */
        public URI resolve(String path) {
            String base = baseUrl.toString();
            return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
        }

        @Override
        public boolean remote() {
            return true;
        }

        @Override
        public String text() {
            return PREFIX + baseUrl;
        }
    }
}
