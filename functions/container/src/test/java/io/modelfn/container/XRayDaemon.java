package io.modelfn.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.protocol.Json;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A stand-in for the X-Ray daemon: a UDP socket on the loopback that keeps every segment document
 * the instances send (the daemon's header line, then the document).
 */
final class XRayDaemon implements AutoCloseable {

    private static final String HEADER = "{\"format\":\"json\",\"version\":1}";

    private final DatagramSocket socket;
    private final List<JsonNode> documents = new CopyOnWriteArrayList<>();

    private XRayDaemon(DatagramSocket socket) {
        this.socket = socket;
    }

    static XRayDaemon start() throws IOException {
        XRayDaemon daemon = new XRayDaemon(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
        Thread.ofPlatform().daemon().name("xray-daemon-stand-in").start(daemon::receive);
        return daemon;
    }

    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private void receive() {
        byte[] buffer = new byte[65536];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                int newline = text.indexOf('\n');
                if (newline > 0 && text.substring(0, newline).equals(HEADER)) {
                    documents.add(Json.MAPPER.readTree(text.substring(newline + 1)));
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** The first document that {@code matches}, waiting up to 10 s for it to arrive. */
    JsonNode await(String what, Predicate<JsonNode> matches) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode document : documents) {
                if (matches.test(document)) {
                    return document;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no X-Ray document for " + what + " among " + documents.size() + " received");
    }

    @Override
    public void close() {
        socket.close();
    }
}
