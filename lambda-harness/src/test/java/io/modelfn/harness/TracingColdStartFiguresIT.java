package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.harness.ColdStarts.Run;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What tracing costs a cold start of the built function (benchmarks/run.sh harness-tracing): fresh
 * environments with active tracing (an X-Ray daemon named by {@code AWS_XRAY_DAEMON_ADDRESS}, here a UDP
 * socket of this test, and sampled invocations) and with tracing switched off ({@code MODELFN_TRACING_ENABLED=false},
 * the same daemon named), taken in turns so that both see the same load. Each traced environment's
 * documents must arrive: subsegments of the function's segment with routing and inference. Medians go to
 * {@code target/harness-tracing-figures.md}.
 */
@EnabledIfSystemProperty(named = "harness.figures", matches = "true")
class TracingColdStartFiguresIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Warm invocations after each cold start: enough for the documents and a warm median, not a p99. */
    private static final int WARM = 30;

    @Test
    void cold_starts_should_be_measured_with_tracing_on_and_off() throws Exception {
        LambdaHarness harness = LambdaHarness.shared();
        int runs = Integer.getInteger("harness.figures.runs", 5);
        List<JsonNode> documents = new CopyOnWriteArrayList<>();
        List<Run> on = new ArrayList<>();
        List<Run> off = new ArrayList<>();
        try (DatagramSocket daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread receiver = new Thread(() -> receive(daemon, documents), "xray-daemon-stand-in");
            receiver.setDaemon(true);
            receiver.start();
            String address = "127.0.0.1:" + daemon.getLocalPort();
            for (int run = 0; run < runs; run++) {
                int before = documents.size();
                off.add(ColdStarts.measure(harness.newPool("tracing-off-" + run, true,
                        Map.of("AWS_XRAY_DAEMON_ADDRESS", address, "MODELFN_TRACING_ENABLED", "false")), WARM));
                assertThat(documents).as("nothing is traced when tracing is off").hasSize(before);
                on.add(ColdStarts.measure(harness.newPool("tracing-on-" + run, true,
                        Map.of("AWS_XRAY_DAEMON_ADDRESS", address)), WARM));
                List<JsonNode> sent = documents.subList(before, documents.size());
                assertThat(sent).as("one document per traced invocation").hasSizeGreaterThan(1);
                assertThat(sent).allSatisfy(d -> {
                    assertThat(d.path("type").asText()).isEqualTo("subsegment");
                    assertThat(d.path("parent_id").asText()).matches("[0-9a-f]{16}");
                    assertThat(d.path("trace_id").asText()).matches("1-[0-9a-f]{8}-[0-9a-f]{24}");
                });
                assertThat(sent.get(0).toString()).contains("\"routing\"", "\"inference\"");
            }
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Function %s, %d MB; %d cold starts each, taken in turns, one core; JDK %s%n%n",
                harness.function().functionName(), harness.function().memoryMb(), runs, Runtime.version()));
        report.append("| tracing | init ms | first answer ms | first invocation ms | warm p50 ms | classes loaded |\n");
        report.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        row(report, "off (MODELFN_TRACING_ENABLED=false)", off);
        row(report, "on (X-Ray segments over UDP, sampled)", on);
        for (int i = 0; i < runs; i++) {
            report.append(String.format(Locale.ROOT, "<!-- run %d: off %s; on %s -->%n", i, off.get(i), on.get(i)));
        }
        Path out = Path.of("target", "harness-tracing-figures.md");
        Files.writeString(out, report);
        System.out.println(report);
    }

    private static void row(StringBuilder report, String name, List<Run> runs) {
        report.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | %d |%n", name,
                ColdStarts.median(runs, Run::initMs), ColdStarts.median(runs, Run::firstAnswerMs),
                ColdStarts.median(runs, Run::firstInvocationMs), ColdStarts.median(runs, Run::warmP50Ms),
                (long) ColdStarts.median(runs, r -> r.classes())));
    }

    private static void receive(DatagramSocket socket, List<JsonNode> documents) {
        byte[] buffer = new byte[65536];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                int newline = text.indexOf('\n');
                if (newline > 0 && text.substring(0, newline).equals("{\"format\":\"json\",\"version\":1}")) {
                    documents.add(JSON.readTree(text.substring(newline + 1)));
                }
            } catch (IOException closed) {
                return;
            }
        }
    }
}
