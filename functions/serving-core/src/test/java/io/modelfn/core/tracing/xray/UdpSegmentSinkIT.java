package io.modelfn.core.tracing.xray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Segment documents over UDP, as the X-Ray daemon receives them (a socket on the loopback stands in). */
class UdpSegmentSinkIT {

    @Test
    void send_should_deliver_the_daemons_header_line_then_the_document_in_one_datagram() throws Exception {
        try (DatagramSocket daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                UdpSegmentSink sink = new UdpSegmentSink(UdpSegmentSink.daemonAddress("127.0.0.1:" + daemon.getLocalPort()))) {
            daemon.setSoTimeout(5000);

            sink.send("{\"name\":\"modelfn\"}");

            DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
            daemon.receive(packet);
            assertThat(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"format\":\"json\",\"version\":1}\n{\"name\":\"modelfn\"}");
        }
    }

    @Test
    void send_should_drop_quietly_what_no_daemon_receives_or_no_datagram_holds() throws Exception {
        int closedPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (UdpSegmentSink sink = new UdpSegmentSink(UdpSegmentSink.daemonAddress("127.0.0.1:" + closedPort))) {
            assertThatCode(() -> sink.send("{}")).doesNotThrowAnyException();
            assertThatCode(() -> sink.send("\"" + "x".repeat(70_000) + "\"")).doesNotThrowAnyException();
        }
    }

    @Test
    void daemonAddress_should_read_both_forms_of_the_variable_and_refuse_others() {
        assertThat(UdpSegmentSink.daemonAddress("169.254.79.129:2000"))
                .isEqualTo(InetSocketAddress.createUnresolved("169.254.79.129", 2000));
        assertThat(UdpSegmentSink.daemonAddress("tcp:127.0.0.1:2001 udp:127.0.0.2:2000"))
                .isEqualTo(InetSocketAddress.createUnresolved("127.0.0.2", 2000));
        assertThatThrownBy(() -> UdpSegmentSink.daemonAddress("nohost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UdpSegmentSink.daemonAddress("host:99999")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UdpSegmentSink.daemonAddress("")).isInstanceOf(IllegalArgumentException.class);
    }
}
