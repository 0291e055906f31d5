package io.modelfn.aws.lean;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Sends one signed request over the JDK's HTTP client, with the SDK's standard retries: at most
 * {@code maxAttempts} attempts, each within the attempt timeout, all within the call timeout; a connection that
 * fails, HTTP 500, 502, 503, 504 or 429, or a throttling or transient error code is tried again after a jittered,
 * doubling pause (from 100 ms, from 1 s after throttling; at most 20 s). Anything else is answered at once.
 *
 * <p>The attempt timeout bounds the connection and each read of the answer (the JDK's client has no bound for a
 * whole exchange); a streamed body (a model download) is read by the caller under the same per-read bound.
 *
 * <p>Thread-safe: each request has its own connection (the JDK keeps idle ones alive for reuse).
 */
final class LeanTransport {

    /** An answer: its status, headers (names in lower case), and its body read whole or left open as a stream. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body, InputStream stream,
            HttpURLConnection connection) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** One request: the service's endpoint, path and query already encoded, and its headers and body. */
    record Request(String service, String method, URI endpoint, String path, String query, boolean doubleEncodePath,
            Map<String, String> headers, byte[] body, boolean streamWhenSuccessful) {
    }

    private static final Set<Integer> RETRIED_STATUSES = Set.of(500, 502, 503, 504, 429);
    private static final Set<String> THROTTLING_CODES = Set.of("Throttling", "ThrottlingException",
            "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
            "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
            "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
            "PriorRequestNotComplete", "EC2ThrottledException");
    private static final Set<String> TRANSIENT_CODES = Set.of("RequestTimeout", "RequestTimeoutException",
            "InternalError", "InternalServerError", "ServiceUnavailable");
    private static final long BASE_DELAY_MILLIS = 100;
    private static final long THROTTLED_BASE_DELAY_MILLIS = 1_000;
    private static final long MAX_DELAY_MILLIS = 20_000;

    private final CredentialSource credentials;
    private final String region;
    private final long attemptTimeoutMillis;
    private final long callTimeoutMillis;
    private final int maxAttempts;
    private final Clock clock;

    LeanTransport(CredentialSource credentials, String region, Duration attemptTimeout, Duration callTimeout,
            int maxAttempts, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.attemptTimeoutMillis = Math.max(1, attemptTimeout.toMillis());
        this.callTimeoutMillis = Math.max(1, callTimeout.toMillis());
        this.maxAttempts = Math.max(1, maxAttempts);
        this.clock = clock;
    }


    /**
     * Sends {@code request} until it is answered with success, with an error that is not retried, or the
     * attempts or the time run out (then the last error answer, or a client exception when there was none).
     *
     * @param errorCode reads the error code of an error answer (null when it has none)
     */
    Answer send(Request request, Function<Answer, String> errorCode) {
        long deadline = System.nanoTime() + callTimeoutMillis * 1_000_000;
        SplittableRandom jitter = new SplittableRandom(System.nanoTime() ^ Thread.currentThread().threadId());
        for (int attempt = 1; ; attempt++) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            boolean throttled = false;
            String failure;
            Answer answer = null;
            IOException ioFailure = null;
            try {
                answer = attempt(request, (int) Math.max(1, Math.min(attemptTimeoutMillis, left)));
                if (answer.status() < 300 || answer.status() == 304) {
                    return answer;
                }
                String code = errorCode.apply(answer);
                throttled = answer.status() == 429 || (code != null && THROTTLING_CODES.contains(code));
                boolean retried = throttled || RETRIED_STATUSES.contains(answer.status())
                        || (code != null && TRANSIENT_CODES.contains(code));
                if (!retried) {
                    return answer;
                }
                failure = "HTTP " + answer.status() + (code == null ? "" : " " + code);
            } catch (IOException e) {
                ioFailure = e;
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            long pause = jitter.nextLong(Math.min(MAX_DELAY_MILLIS,
                    (throttled ? THROTTLED_BASE_DELAY_MILLIS : BASE_DELAY_MILLIS) << Math.min(attempt - 1, 16)) + 1);
            long remaining = (deadline - System.nanoTime()) / 1_000_000;
            if (attempt >= maxAttempts || remaining <= pause) {
                if (answer != null) {
                    return answer;
                }
                throw SdkClientException.builder()
                        .message("Unable to execute HTTP request to " + request.service() + " after " + attempt
                                + (attempt == 1 ? " attempt" : " attempts") + ": " + failure)
                        .cause(ioFailure)
                        .build();
            }
            sleep(pause);
        }
    }

    private Answer attempt(Request request, int timeoutMillis) throws IOException {
        URI endpoint = request.endpoint();
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        boolean defaultPort = endpoint.getPort() < 0;
        headers.put("Host", endpoint.getHost() + (defaultPort ? "" : ":" + endpoint.getPort()));
        String payloadHash = request.body().length == 0 ? SigV4.EMPTY_PAYLOAD_SHA256 : SigV4.sha256Hex(request.body());
        headers.put("x-amz-content-sha256", payloadHash); // S3 requires it; the SDK's signer sends it to all
        SigV4.sign(request.method(), request.path(), request.query(), request.doubleEncodePath(), headers,
                payloadHash, credentials.current(), region, request.service(), clock.instant());
        String target = endpoint.getScheme() + "://" + endpoint.getRawAuthority() + request.path()
                + (request.query().isEmpty() ? "" : "?" + request.query());
        HttpURLConnection connection = (HttpURLConnection) URI.create(target).toURL().openConnection();
        try {
            connection.setRequestMethod(request.method());
            connection.setConnectTimeout(timeoutMillis);
            connection.setReadTimeout(timeoutMillis);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            headers.forEach((name, value) -> {
                if (!name.equals("Host")) {
                    connection.setRequestProperty(name, value);
                }
            });
            if (request.body().length > 0 || "POST".equals(request.method()) || "PUT".equals(request.method())) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(request.body().length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(request.body());
                }
            }
            int status = connection.getResponseCode();
            Map<String, List<String>> answerHeaders = lowerCase(connection.getHeaderFields());
            boolean success = status < 300;
            if (success && request.streamWhenSuccessful()) {
                return new Answer(status, answerHeaders, null, connection.getInputStream(), connection);
            }
            InputStream in = success ? connection.getInputStream() : connection.getErrorStream();
            byte[] body;
            if (in == null) {
                body = new byte[0];
            } else {
                try (in) {
                    body = in.readAllBytes();
                }
            }
            return new Answer(status, answerHeaders, body, null, connection);
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> fields) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        fields.forEach((name, values) -> {
            if (name != null) {
                headers.put(name.toLowerCase(java.util.Locale.ROOT), values);
            }
        });
        return headers;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.builder().message("interrupted while waiting to retry").cause(e).build();
        }
    }
}
