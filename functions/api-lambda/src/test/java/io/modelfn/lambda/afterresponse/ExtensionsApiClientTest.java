package io.modelfn.lambda.afterresponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The socket client of the Extensions API: its reading of HTTP/1.1 responses, and its one kept connection. */
class ExtensionsApiClientTest {

    private static final String EVENT = "{\"eventType\":\"INVOKE\",\"deadlineMs\":1765000000000,\"requestId\":\"r-1\","
            + "\"invokedFunctionArn\":\"arn:aws:lambda:us-east-1:0:function:f\",\"tracing\":{\"type\":\"X-Amzn-Trace-Id\","
            + "\"value\":\"Root=1-2-3\"}}";

    @Test
    void next_should_reuse_one_connection_when_the_api_keeps_it_open() throws Exception {
        // GIVEN an Extensions API that keeps connections open
        try (ExtensionsApiStandIn api = new ExtensionsApiStandIn(false);
                ExtensionsApiClient client = new ExtensionsApiClient("127.0.0.1:" + api.port())) {
            client.register("ext");

            // WHEN the extension registers and asks for three events
            for (int i = 0; i < 3; i++) {
                assertThat(client.next()).isEqualTo(new ExtensionsApiClient.Event("INVOKE", "r-1", 1765000000000L));
            }

            // THEN all four calls went over one connection, each next naming the identifier
            assertThat(api.connections()).isEqualTo(1);
            assertThat(api.requests()).containsExactly("POST /2020-01-01/extension/register ext",
                    "GET /2020-01-01/extension/event/next id-1", "GET /2020-01-01/extension/event/next id-1",
                    "GET /2020-01-01/extension/event/next id-1");
        }
    }

    @Test
    void next_should_ask_again_on_a_new_connection_when_the_kept_one_was_closed_meanwhile() throws Exception {
        // GIVEN an Extensions API that closes each connection after its answer, without saying so (as a
        // connection left open across a freeze may be found closed)
        try (ExtensionsApiStandIn api = new ExtensionsApiStandIn(true);
                ExtensionsApiClient client = new ExtensionsApiClient("127.0.0.1:" + api.port())) {
            client.register("ext");

            // WHEN the extension asks for two events
            client.next();
            ExtensionsApiClient.Event second = client.next();

            // THEN each call was answered, each on a new connection, and no call was sent twice to the API
            assertThat(second.requestId()).isEqualTo("r-1");
            assertThat(api.connections()).isEqualTo(3);
            assertThat(api.requests()).hasSize(3);
        }
    }

    @Test
    void event_should_read_its_fields_and_skip_the_others() throws IOException {
        assertThat(ExtensionsApiClient.event(EVENT.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ExtensionsApiClient.Event("INVOKE", "r-1", 1765000000000L));
        assertThatThrownBy(() -> ExtensionsApiClient.event("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void a_response_with_a_content_length_should_be_read_with_its_headers() throws IOException {
        ExtensionsApiClient.Response response = read("HTTP/1.1 200 OK\r\nLambda-Extension-Identifier: abc\r\n"
                + "Content-Length: 2\r\n\r\n{}trailing");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("lambda-extension-identifier", "abc");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void a_chunked_response_should_be_joined() throws IOException {
        ExtensionsApiClient.Response response = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"a\":\r\n3;x=y\r\n1}\n\r\n0\r\n\r\n");

        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n");
    }

    @Test
    void a_response_cut_short_or_not_http_should_fail() {
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Le")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("SSH-2.0-OpenSSH\r\n\r\n")).isInstanceOf(IOException.class);
    }

    private static ExtensionsApiClient.Response read(String raw) throws IOException {
        return ExtensionsApiClient.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /**
     * A stand-in for the Extensions API on a plain server socket: answers a registration and every next
     * (with {@link #EVENT}), counting connections; {@code closeAfterEachAnswer} drops each connection after one
     * answer without a {@code Connection: close} header.
     */
    private static final class ExtensionsApiStandIn implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        private final boolean closeAfterEachAnswer;
        private final AtomicInteger connections = new AtomicInteger();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        ExtensionsApiStandIn(boolean closeAfterEachAnswer) throws IOException {
            this.closeAfterEachAnswer = closeAfterEachAnswer;
            acceptor = new Thread(this::accept, "extensions-api-stand-in");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        List<String> requests() {
            return requests;
        }

        private void accept() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    connections.incrementAndGet();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    do {
                        String head = head(in);
                        if (head == null) {
                            break;
                        }
                        String[] lines = head.split("\r\n");
                        String requestLine = lines[0].substring(0, lines[0].lastIndexOf(' '));
                        String name = header(lines, "Lambda-Extension-Name");
                        String body;
                        String extra = "";
                        if (name != null) {
                            in.readNBytes(Integer.parseInt(header(lines, "Content-Length")));
                            requests.add(requestLine + " " + name);
                            extra = "Lambda-Extension-Identifier: id-1\r\n";
                            body = "{}";
                        } else {
                            requests.add(requestLine + " " + header(lines, "Lambda-Extension-Identifier"));
                            body = EVENT;
                        }
                        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                        out.write(("HTTP/1.1 200 OK\r\n" + extra + "Content-Type: application/json\r\nContent-Length: "
                                + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(bytes);
                        out.flush();
                    } while (!closeAfterEachAnswer);
                } catch (IOException e) {
                    // closed: the test is over
                }
            }
        }

        /** The request's head, or null when the connection closed before one. */
        private static String head(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            for (int c = in.read(); c >= 0; c = in.read()) {
                head.append((char) c);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    return head.toString();
                }
            }
            return null;
        }

        private static String header(String[] lines, String name) {
            for (String line : lines) {
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
