package io.modelfn.lambda.afterresponse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client of Lambda's Extensions API ({@code http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension}) for one
 * internal extension: register for {@code INVOKE} events during init, then ask for the next event (a call
 * that returns when the next invocation starts; the environment is frozen meanwhile).
 *
 * <p>HTTP/1.1 over a plain socket: the API is on the loopback interface, and the JDK's {@code HttpClient}
 * would load about a thousand classes more at init, on the cold start's path. One connection is kept and
 * reused for every call: a new connection per {@code next} cost the invocation a connect and its
 * teardown on the same core as the handler. The request bytes of {@code next} are built once.
 *
 * <p>A kept connection can be closed by the other side while the environment is frozen, or between two
 * calls: a call on a reused connection that fails before any byte of the answer arrived (the request
 * never reached the API, or was never answered) is sent once more on a new connection. A failure on a
 * new connection, or after part of an answer, is the caller's to handle. An answer that says
 * {@code Connection: close}, or has no length, ends the connection.
 *
 * <p>Not thread-safe: one thread registers and then asks for events.
 */
final class ExtensionsApiClient implements AutoCloseable {

    /** What Lambda hands an extension when an invocation starts. */
    record Event(String type, String requestId, long deadlineMs) {
    }

    /** A response: status, headers (names in lower case) and body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final int REGISTER_TIMEOUT_MS = 10_000;
    private static final int MAX_HEADER_LINE = 8192;

    private final String host;
    private final int port;
    private String identifier;
    private byte[] nextRequest;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

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
        byte[] body = "{\"events\":[\"INVOKE\"]}".getBytes(StandardCharsets.UTF_8);
        Response response = exchange(request("POST", "register", "Lambda-Extension-Name: " + name + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n", body), REGISTER_TIMEOUT_MS);
        if (response.status() != 200) {
            throw new IOException("the Extensions API refused the registration: " + response.status() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        identifier = response.headers().get("lambda-extension-identifier");
        if (identifier == null) {
            throw new IOException("the Extensions API gave no Lambda-Extension-Identifier");
        }
        nextRequest = request("GET", "event/next", "Lambda-Extension-Identifier: " + identifier + "\r\n", new byte[0]);
    }

    /** Says this extension is done with the current invocation, and waits for the next one. */
    Event next() throws IOException {
        if (nextRequest == null) {
            throw new IllegalStateException("not registered");
        }
        Response response = exchange(nextRequest, 0);
        if (response.status() != 200) {
            throw new IOException("the Extensions API answered " + response.status() + " to next");
        }
        return event(response.body());
    }

    /** Closes the kept connection, if any. */
    @Override
    public void close() {
        disconnect();
    }

    /** The fields of an event that the extension uses, read in one pass (others, such as tracing, skipped). */
    static Event event(byte[] json) throws IOException {
        String type = "";
        String requestId = "";
        long deadlineMs = 0;
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the Extensions API's event is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "eventType" -> type = parser.getValueAsString("");
                    case "requestId" -> requestId = parser.getValueAsString("");
                    case "deadlineMs" -> deadlineMs = parser.getValueAsLong(0);
                    default -> {
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            parser.skipChildren();
                        }
                    }
                }
            }
        }
        return new Event(type, requestId, deadlineMs);
    }

    private byte[] request(String method, String path, String headers, byte[] body) {
        byte[] head = (method + " /2020-01-01/extension/" + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    private Response exchange(byte[] request, int timeoutMs) throws IOException {
        boolean reused = socket != null;
        if (!reused) {
            connect(timeoutMs);
        }
        CountingInput counted = new CountingInput(in);
        try {
            return send(request, counted, timeoutMs);
        } catch (IOException e) {
            disconnect();
            if (!reused || counted.count > 0) {
                throw e;
            }
        }
        // The kept connection was gone (closed while frozen, or idle): once more on a new one.
        connect(timeoutMs);
        try {
            return send(request, new CountingInput(in), timeoutMs);
        } catch (IOException e) {
            disconnect();
            throw e;
        }
    }

    private Response send(byte[] request, CountingInput counted, int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        out.write(request);
        out.flush();
        Response response = read(counted);
        String connection = response.headers().get("connection");
        if (connection != null && connection.equalsIgnoreCase("close") || !response.headers().containsKey("content-length")
                && !"chunked".equalsIgnoreCase(response.headers().get("transfer-encoding"))) {
            disconnect();
        }
        return response;
    }

    private void connect(int timeoutMs) throws IOException {
        Socket opened = new Socket();
        try {
            opened.connect(new InetSocketAddress(host, port), timeoutMs);
            opened.setTcpNoDelay(true);
            opened.setKeepAlive(true);
            in = new BufferedInputStream(opened.getInputStream());
            out = opened.getOutputStream();
            socket = opened;
        } catch (IOException e) {
            opened.close();
            throw e;
        }
    }

    private void disconnect() {
        Socket open = socket;
        socket = null;
        in = null;
        out = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // closing a broken connection: nothing left to do
            }
        }
    }

    /** Counts the bytes read, to tell a connection that gave no answer from one that failed mid-answer. */
    private static final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
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
