package io.modelfn.aws.lean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The credentials a container endpoint serves ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}, else
 * {@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI} on ECS's link-local address), with the authorisation token of
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} or of the file {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE}.
 * Lambda serves a SnapStart function's role this way. As the SDK does, a plain-HTTP endpoint must be on this
 * machine or on the container agent's link-local address.
 *
 * <p>The credentials are kept until {@value #REFRESH_MARGIN_MILLIS} ms before they expire. Thread-safe.
 */
final class ContainerCredentials implements CredentialSource, RenewableClient {

    /** How long before their expiry credentials are fetched again (the SDK's margin too). */
    static final long REFRESH_MARGIN_MILLIS = 5 * 60 * 1000;
    private static final String ECS_ADDRESS = "http://169.254.170.2";
    private static final Set<String> LINK_LOCAL_HOSTS = Set.of("169.254.170.2", "169.254.170.23", "[fd00:ec2::23]",
            "fd00:ec2::23");
    private static final int TIMEOUT_MILLIS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String token;
    private final Path tokenFile;
    private final Clock clock;
    private volatile Credentials held;

    ContainerCredentials(URI endpoint, String token, Path tokenFile, Clock clock) {
        this.endpoint = endpoint;
        this.token = token;
        this.tokenFile = tokenFile;
        this.clock = clock;
    }

    static Optional<ContainerCredentials> from(Map<String, String> environment) {
        String full = EnvironmentCredentials.trimmed(environment.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        String relative = EnvironmentCredentials.trimmed(environment.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"));
        URI endpoint;
        if (relative != null) {
            endpoint = URI.create(ECS_ADDRESS + (relative.startsWith("/") ? relative : "/" + relative));
        } else if (full != null) {
            endpoint = URI.create(full);
            if (!allowed(endpoint)) {
                throw new IllegalArgumentException("AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http on this "
                        + "machine or the container agent's address, not " + endpoint.getHost());
            }
        } else {
            return Optional.empty();
        }
        String file = EnvironmentCredentials.trimmed(environment.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
        String token = EnvironmentCredentials.trimmed(environment.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
        return Optional.of(new ContainerCredentials(endpoint, token, file == null ? null : Path.of(file),
                Clock.systemUTC()));
    }

    private static boolean allowed(URI endpoint) {
        if ("https".equalsIgnoreCase(endpoint.getScheme())) {
            return true;
        }
        if (!"http".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null) {
            return false;
        }
        if (LINK_LOCAL_HOSTS.contains(endpoint.getHost())) {
            return true;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(endpoint.getHost())) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void renew() {
        held = null;
    }

    @Override
    public Credentials current() {
        Credentials credentials = held;
        if (credentials == null || credentials.expiresBefore(clock.instant(), REFRESH_MARGIN_MILLIS)) {
            synchronized (this) {
                credentials = held;
                if (credentials == null || credentials.expiresBefore(clock.instant(), REFRESH_MARGIN_MILLIS)) {
                    credentials = fetch();
                    held = credentials;
                }
            }
        }
        return credentials;
    }

    private Credentials fetch() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            String authorization = tokenFile != null ? Files.readString(tokenFile, StandardCharsets.UTF_8).trim() : token;
            if (authorization != null) {
                connection.setRequestProperty("Authorization", authorization);
            }
            int status = connection.getResponseCode();
            if (status != 200) {
                connection.disconnect();
                throw LeanCallException.of("the container credentials endpoint answered HTTP " + status, null);
            }
            JsonNode body;
            try (InputStream in = connection.getInputStream()) {
                body = JSON.readTree(in);
            }
            String expiration = body.path("Expiration").asText(null);
            return new Credentials(body.path("AccessKeyId").asText(null), body.path("SecretAccessKey").asText(null),
                    body.path("Token").asText(null), expiration == null ? null : Instant.parse(expiration));
        } catch (IOException e) {
            throw LeanCallException.of("the container credentials endpoint cannot be read: " + e.getMessage(),
                    new UncheckedIOException(e));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw LeanCallException.of("the container credentials endpoint answered malformed credentials", e);
        }
    }
}
