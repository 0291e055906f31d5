package io.modelfn.core.tracing.xray;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends segment documents to the X-Ray daemon: one UDP datagram each, the daemon's header line
 * {@code {"format":"json","version":1}} then the document. The channel opens on the first send, so a
 * process that never traces a request opens nothing. A document too large for one datagram, or a send
 * that fails, is dropped and logged (without its content). Thread-safe.
 */
public final class UdpSegmentSink implements SegmentSink, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UdpSegmentSink.class.getName());
    static final String HEADER = "{\"format\":\"json\",\"version\":1}\n";
    /** The daemon reads datagrams of up to 64 KiB. */
    static final int MAX_DATAGRAM = 64 * 1024 - 1;

    private final InetSocketAddress daemon;
    private volatile DatagramChannel channel;
    private InetSocketAddress target;

    public UdpSegmentSink(InetSocketAddress daemon) {
        this.daemon = daemon;
    }

    /**
     * The daemon's UDP address from {@code AWS_XRAY_DAEMON_ADDRESS}'s forms: {@code host:port}, or
     * {@code tcp:host:port udp:host:port}.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static InetSocketAddress daemonAddress(String text) {
        String value = text == null ? "" : text.trim();
        for (String part : value.split("\\s+")) {
            if (part.startsWith("udp:")) {
                value = part.substring(4);
            }
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || value.contains(" ")) {
            throw new IllegalArgumentException("the X-Ray daemon address is host:port or 'tcp:host:port udp:host:port', not '"
                    + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'");
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return InetSocketAddress.createUnresolved(value.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the X-Ray daemon address needs a port from 1 to 65535: '" + value + "'");
        }
    }

    @Override
    public void send(String document) {
        byte[] bytes = (HEADER + document).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_DATAGRAM) {
            LOG.warning(() -> "dropped a trace segment of " + bytes.length + " bytes: larger than one datagram");
            return;
        }
        try {
            DatagramChannel open = channel();
            open.send(ByteBuffer.wrap(bytes), target);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "could not send a trace segment to the X-Ray daemon", e);
        }
    }

    private DatagramChannel channel() throws IOException {
        DatagramChannel open = channel;
        if (open == null) {
            synchronized (this) {
                if (channel == null) {
                    target = daemon.isUnresolved() ? new InetSocketAddress(daemon.getHostString(), daemon.getPort()) : daemon;
                    channel = DatagramChannel.open();
                }
                open = channel;
            }
        }
        return open;
    }

    @Override
    public void close() throws IOException {
        DatagramChannel open = channel;
        if (open != null) {
            open.close();
        }
    }
}
