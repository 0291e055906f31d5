package io.modelfn.lambda.afterresponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client of Lambda's Extensions API ({@code http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension}) for one
 * internal extension: register for {@code INVOKE} events during init, then ask for the next event (a call
 * that returns when the next invocation starts; the environment is frozen meanwhile).
 *
 * <p>HTTP/1.1 over a plain socket, one request per connection: the API is on the loopback interface, and
 * the JDK's {@code HttpClient} would load about a thousand classes more at init, on the cold start's path.
 *
 * <p>Not thread-safe: one thread registers and then asks for events.
 */
final class ExtensionsApiClient {

    /** What Lambda hands an extension when an invocation starts. */
    record Event(String type, String requestId, long deadlineMs) {
    }

    /** A response: status, headers (names in lower case) and body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REGISTER_TIMEOUT_MS = 10_000;
    private static final int MAX_HEADER_LINE = 8192;

    private final String host;
    private final int port;
    private String identifier;

    /** @param runtimeApi {@code host:port}, as {@code AWS_LAMBDA_RUNTIME_API} gives it */
    ExtensionsApiClient(String runtimeApi) {
        int colon = runtimeApi.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("AWS_LAMBDA_RUNTIME_API is not host:port: " + runtimeApi);
        }
        this.host = runtimeApi.substring(0, colon);
        this.port = Integer.parseInt(runtimeApi.substring(colon + 1));
    }

    /** Registers as {@code name} for {@code INVOKE} events; must happen before the runtime's first next. */
    void register(String name) throws IOException {
        Response response = exchange("POST", "register", Map.of("Lambda-Extension-Name", name,
                "Content-Type", "application/json"), "{\"events\":[\"INVOKE\"]}", REGISTER_TIMEOUT_MS);
        if (response.status() != 200) {
            throw new IOException("the Extensions API refused the registration: " + response.status() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        identifier = response.headers().get("lambda-extension-identifier");
        if (identifier == null) {
            throw new IOException("the Extensions API gave no Lambda-Extension-Identifier");
        }
    }

    /** Says this extension is done with the current invocation, and waits for the next one. */
    Event next() throws IOException {
        Response response = exchange("GET", "event/next", Map.of("Lambda-Extension-Identifier", identifier), null, 0);
        if (response.status() != 200) {
            throw new IOException("the Extensions API answered " + response.status() + " to next");
        }
        JsonNode event = JSON.readTree(response.body());
        return new Event(event.path("eventType").asText(), event.path("requestId").asText(),
                event.path("deadlineMs").asLong());
    }

    private Response exchange(String method, String path, Map<String, String> headers, String body, int timeoutMs)
            throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(256)
                .append(method).append(" /2020-01-01/extension/").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            request.append("Content-Length: ").append(content.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 response: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new HashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
        }
        byte[] body;
        String length = headers.get("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                chunks.write(in.readNBytes(size));
                line(in);
            }
            body = chunks.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body);
    }

    private static int chunkSize(String line) {
        int extension = line.indexOf(';');
        return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed mid-response");
            }
            if (c != '\r') {
                line.append((char) c);
            }
            if (line.length() > MAX_HEADER_LINE) {
                throw new IOException("response line over " + MAX_HEADER_LINE + " characters");
            }
        }
        return line.toString();
    }
}
