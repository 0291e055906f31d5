package io.modelfn.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The X-Ray daemon for tests: a UDP socket on the loopback that keeps every segment document it
 * receives (after checking the daemon's header line), and points {@code modelfn.tracing.daemon-address}
 * at itself.
 */
public class XRayDaemonStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String HEADER = "{\"format\":\"json\",\"version\":1}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> DOCUMENTS = new CopyOnWriteArrayList<>();
    private static final List<String> MALFORMED = new CopyOnWriteArrayList<>();

    private DatagramSocket socket;
    private Thread receiver;

    @Override
    public Map<String, String> start() {
        try {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
        receiver = new Thread(this::receive, "xray-daemon-stand-in");
        receiver.setDaemon(true);
        receiver.start();
        return Map.of("modelfn.tracing.daemon-address", "127.0.0.1:" + socket.getLocalPort());
    }

    private void receive() {
        byte[] buffer = new byte[65536];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException closed) {
                return;
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            try {
                if (newline < 0 || !text.substring(0, newline).equals(HEADER)) {
                    throw new IOException("no daemon header line");
                }
                DOCUMENTS.add(JSON.readTree(text.substring(newline + 1)));
            } catch (IOException e) {
                MALFORMED.add(text);
            }
        }
    }

    /** Every document received so far. */
    public static List<JsonNode> documents() {
        return List.copyOf(DOCUMENTS);
    }

    /** Datagrams that were not a header line and a JSON document. */
    public static List<String> malformed() {
        return List.copyOf(MALFORMED);
    }

    /** The first document that {@code matches}, waiting for it up to 10 s. */
    public static JsonNode await(String what, Predicate<JsonNode> matches) {
        Eventually.await(what, Duration.ofSeconds(10), () -> DOCUMENTS.stream().anyMatch(matches));
        return DOCUMENTS.stream().filter(matches).findFirst().orElseThrow();
    }

    @Override
    public void stop() {
        if (socket != null) {
            socket.close();
        }
    }
}
