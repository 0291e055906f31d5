package io.modelfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.testkit.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays the corpus of past HTTP fuzz failures ({@code src/test/resources/fuzz-corpus/*.http}) against
 * the packaged local runner (started as {@code samples/run-local.sh} starts it, with a 1 s body-read
 * timeout): each must get its expected 4xx with a JSON error and a JSON content type, within its time
 * bound, and the runner must still answer {@code /v2/health/ready} after it.
 *
 * <p>A case is a raw request as sent on the wire, after comment lines: {@code # expect: <status>},
 * optionally {@code # within-ms: <n>} (default 1,500) and a {@code # found:} line saying what the
 * server did before. Line breaks are sent as CRLF; the file's last line break is not sent, so a
 * head-only request ends with an empty line and one more line break. {@code Content-Length: auto} is
 * replaced with the length of the body that follows the blank line.
 */
class FuzzCorpusIT {

    private static final long DEFAULT_WITHIN_MILLIS = 1_500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PackagedRunner runner;

    @BeforeAll
    static void startRunner() throws Exception {
        runner = PackagedRunner.start(Duration.ofSeconds(120), "modelfn.http.body-read-timeout=1s");
    }

    @AfterAll
    static void stopRunner() throws Exception {
        if (runner != null) {
            runner.close();
        }
    }

    record Case(String name, int expected, long withinMillis, byte[] request) {
    }

    @Test
    void every_past_failure_should_get_its_json_4xx_in_time_and_leave_the_server_ready() throws Exception {
        // GIVEN the corpus
        List<Case> corpus = load();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(13);
        RawHttp http = new RawHttp(PackagedRunner.HOST, runner.port);

        // WHEN every case is replayed
        List<String> problems = new ArrayList<>();
        for (Case c : corpus) {
            RawHttp.Answer answer;
            try {
                answer = http.exchange(c.request(), Duration.ofSeconds(20));
            } catch (IOException e) {
                problems.add(c.name() + ": no answer (" + e + ")");
                continue;
            }
            // THEN its status, a JSON error, in time; and the server still ready
            if (answer.status() != c.expected()) {
                problems.add(c.name() + ": expected " + c.expected() + ", got " + answer);
            } else if (answer.millis() > c.withinMillis()) {
                problems.add(c.name() + ": answered after " + answer.millis() + " ms, over " + c.withinMillis());
            } else {
                if (!isJsonError(answer)) {
                    problems.add(c.name() + ": not a JSON error: " + answer);
                }
            }
            int ready = http.exchange("GET /v2/health/ready HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(5)).status();
            if (ready != 200) {
                problems.add(c.name() + ": /v2/health/ready answered " + ready + " afterwards");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void a_path_with_a_bad_escape_should_get_400_json_from_the_packaged_runner() throws Exception {
        // GIVEN a request target the URI grammar refuses (Quarkus's own check answered it with an empty 400)
        byte[] request = "GET /v2/models/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

        // WHEN it is sent
        RawHttp.Answer answer = new RawHttp(PackagedRunner.HOST, runner.port).exchange(request, Duration.ofSeconds(10));

        // THEN 400 with a JSON error, at once
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(isJsonError(answer)).as(answer.toString()).isTrue();
        assertThat(answer.bodyText()).contains("not a valid URI");
        assertThat(answer.millis()).isLessThan(DEFAULT_WITHIN_MILLIS);
    }

    private static boolean isJsonError(RawHttp.Answer answer) {
        String type = answer.header("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return false;
        }
        try {
            JsonNode error = JSON.readTree(answer.body());
            return error.isObject() && error.size() == 1 && error.path("error").isTextual() && !error.path("error").asText().isBlank();
        } catch (IOException e) {
            return false;
        }
    }

    static List<Case> load() throws IOException, URISyntaxException {
        Path folder = Path.of(FuzzCorpusIT.class.getResource("/fuzz-corpus").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".http")).sorted().map(FuzzCorpusIT::parse).toList();
        }
    }

    static Case parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int expected = -1;
        long within = DEFAULT_WITHIN_MILLIS;
        while (text.startsWith("#")) {
            int end = text.indexOf('\n');
            String comment = text.substring(1, end).trim();
            if (comment.startsWith("expect:")) {
                expected = Integer.parseInt(comment.substring("expect:".length()).trim());
            } else if (comment.startsWith("within-ms:")) {
                within = Long.parseLong(comment.substring("within-ms:".length()).trim());
            }
            text = text.substring(end + 1);
        }
        assertThat(expected).as("# expect: in %s", file).isBetween(400, 499);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        String wire = text.replace("\n", "\r\n");
        int blank = wire.indexOf("\r\n\r\n");
        assertThat(blank).as("the end of the head in %s", file).isPositive();
        int bodyLength = wire.length() - blank - 4;
        wire = wire.replace("Content-Length: auto", "Content-Length: " + bodyLength);
        return new Case(file.getFileName().toString(), expected, within, wire.getBytes(StandardCharsets.ISO_8859_1));
    }
}
