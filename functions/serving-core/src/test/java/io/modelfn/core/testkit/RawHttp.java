package io.modelfn.core.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP/1.1 client over a plain socket, for requests HTTP libraries refuse to build: bad escapes,
 * very long request lines, chunked bodies that end at once, bodies that stop half-way. It writes the
 * bytes exactly as given, then reads one answer (skipping 1xx) with a deadline for the whole exchange.
 */
public final class RawHttp {

    /** One answer: its status, headers (names in lower case), body and how long the exchange took. */
    public record Answer(int status, Map<String, String> headers, byte[] body, long millis) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String text = bodyText();
            return status + " " + headers + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text)
                    + " in " + millis + " ms";
        }
    }

    private final String host;
    private final int port;

    public RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Sends {@code request} (head and body, exactly) and reads the answer.
     *
     * @throws SocketTimeoutException when no complete answer came within {@code timeout}
     * @throws IOException when the server closed the connection without a complete answer
     */
    public Answer exchange(byte[] request, Duration timeout) throws IOException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        boolean head = startsWith(request, "HEAD ");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            socket.setSoTimeout(remainingMillis(deadline));
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before it has read all of a refused body: read that answer.
            }
            InputStream in = socket.getInputStream();
            while (true) {
                socket.setSoTimeout(remainingMillis(deadline));
                String head0 = readHead(in);
                String[] lines = head0.split("\r\n");
                String[] statusLine = lines[0].split(" ", 3);
                if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                    throw new IOException("not an HTTP answer: " + lines[0]);
                }
                int status = Integer.parseInt(statusLine[1]);
                Map<String, String> headers = new TreeMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon > 0) {
                        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                    }
                }
                if (status >= 100 && status < 200) {
                    continue;
                }
                byte[] body = head || status == 204 || status == 304 ? new byte[0] : readBody(in, headers, deadline, socket);
                return new Answer(status, headers, body, (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    private static byte[] readBody(InputStream in, Map<String, String> headers, long deadline, Socket socket) throws IOException {
        String length = headers.get("content-length");
        if (length != null) {
            return readExactly(in, Integer.parseInt(length.trim()));
        }
        String encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                socket.setSoTimeout(remainingMillis(deadline));
                String sizeLine = readLine(in);
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                body.write(readExactly(in, size));
                readLine(in);
            }
        }
        // Neither: the body ends with the connection.
        return in.readAllBytes();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a complete answer" + (head.size() == 0 ? "" : ": " + head));
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1
                    : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b < 0) {
            throw new IOException("connection closed inside a chunked answer");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readExactly(InputStream in, int size) throws IOException {
        byte[] bytes = in.readNBytes(size);
        if (bytes.length < size) {
            throw new IOException("connection closed after " + bytes.length + " of " + size + " body bytes");
        }
        return bytes;
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("no complete answer in time");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        if (bytes.length < prefix.length()) {
            return false;
        }
        return new String(bytes, 0, prefix.length(), StandardCharsets.ISO_8859_1).equalsIgnoreCase(prefix);
    }
}
