package io.modelfn.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.ErrorAssertions;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.core.testkit.RawHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One case per hostile request an HTTP fuzz found answered with a 5xx, an empty body or not at all:
 * each gets its 4xx with a JSON error, promptly. The body-read timeout is 5 s in these tests. A path with
 * a bad escape is tried against the packaged local runner (local module, {@code FuzzCorpusIT}): Quarkus's
 * own check of the request target, which answers it first with an empty 400, is turned off by the
 * runners' main method, which a Quarkus test does not run.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class HostileRequestsIT {

    /** Far below the 60 s a stalled body used to hold a worker; far above a local answer. */
    private static final long PROMPT_MILLIS = 1_500;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI base;

    @Test
    void a_large_form_body_to_infer_should_get_415_json_before_any_form_decoder_runs() throws Exception {
        // GIVEN a urlencoded form body over the form decoder's 1,024-byte field buffer
        byte[] request = post("/v2/models/iris/infer", "application/x-www-form-urlencoded", "a=" + "x".repeat(4000));

        // WHEN it is sent THEN 415 with a JSON error, at once
        assertPromptJsonError(send(request), 415, "form");
    }

    @Test
    void a_large_form_body_to_invocations_should_get_415_json() throws Exception {
        assertPromptJsonError(send(post("/invocations", "application/x-www-form-urlencoded", "a=" + "x".repeat(4000))), 415, "form");
    }

    @Test
    void a_large_multipart_body_to_infer_should_get_415_json() throws Exception {
        assertPromptJsonError(send(post("/v2/models/iris/infer", "multipart/form-data; boundary=b",
                multipart("x".repeat(4000)))), 415, "multipart");
    }

    @Test
    void a_small_multipart_body_to_invocations_should_get_415_json_without_holding_a_worker() throws Exception {
        assertPromptJsonError(send(post("/invocations", "multipart/form-data; boundary=b", multipart("1,2,3,4"))), 415,
                "multipart");
    }

    @Test
    void a_form_content_type_on_a_get_should_get_415_json() throws Exception {
        assertPromptJsonError(send(ascii("GET /v2/health/ready HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\n\r\n")), 415, "multipart");
    }

    @Test
    void an_empty_chunked_body_to_infer_should_get_400_json_at_once() throws Exception {
        assertPromptJsonError(send(chunkedEmpty("/v2/models/iris/infer")), 400, "empty");
    }

    @Test
    void an_empty_chunked_body_to_invocations_should_get_400_json_at_once() throws Exception {
        assertPromptJsonError(send(chunkedEmpty("/invocations")), 400, "empty");
    }

    @Test
    void a_request_line_over_the_limit_should_get_414_json() throws Exception {
        assertPromptJsonError(send(ascii("GET /v2/models/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")), 414,
                "too long");
    }

    @Test
    void headers_over_the_limit_should_get_431_json() throws Exception {
        assertPromptJsonError(send(ascii("GET /v2/health/ready HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(30_000)
                + "\r\n\r\n")), 431, "headers");
    }

    @Test
    void a_body_that_stops_half_way_should_get_408_json_after_the_body_read_timeout() throws Exception {
        // GIVEN a request that declares 200 bytes of body and sends 20
        byte[] request = ascii("POST /v2/models/iris/infer HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 200\r\n\r\n{\"inputs\":[{\"name\":");

        // WHEN it is sent and the client waits
        RawHttp.Answer answer = send(request);

        // THEN 408 with a JSON error once the 5 s body-read timeout has passed, and the connection closed
        assertThat(answer.status()).as(answer.toString()).isEqualTo(408);
        ErrorAssertions.assertJsonErrorBody(answer.header("Content-Type"), answer.bodyText(), "in time");
        assertThat(answer.millis()).isBetween(4_900L, 5_000L + PROMPT_MILLIS);
        assertThat(answer.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(send(ascii("GET /v2/health/ready HTTP/1.1\r\nHost: localhost\r\n\r\n")).status()).isEqualTo(200);
    }

    @Test
    void a_request_whose_body_arrived_should_get_its_answer_however_long_serving_takes() throws Exception {
        // GIVEN a whole request to a route whose answer takes longer than the 5 s body-read timeout (as a
        // cold model load may)
        byte[] request = post(SlowAnswerRoute.PATH, "application/json", "{\"inputs\":[]}");

        // WHEN it is sent
        RawHttp.Answer answer = send(request);

        // THEN its own answer arrives, not a 408 (the body-read deadline ends when the body is read)
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.bodyText()).isEqualTo("{\"slow\":true}");
        assertThat(answer.millis()).isGreaterThanOrEqualTo(SlowAnswerRoute.MILLIS);
    }

    @Test
    void a_slow_body_to_a_function_should_get_408_json() throws Exception {
        byte[] request = ascii("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 200\r\n\r\n{\"endpoint\":");
        RawHttp.Answer answer = send(request);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(408);
        ErrorAssertions.assertJsonErrorBody(answer.header("Content-Type"), answer.bodyText());
    }

    private RawHttp.Answer send(byte[] request) throws Exception {
        return new RawHttp(base.getHost(), base.getPort()).exchange(request, CLIENT_TIMEOUT);
    }

    private static void assertPromptJsonError(RawHttp.Answer answer, int status, String... fragments) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        ErrorAssertions.assertJsonErrorBody(answer.header("Content-Type"), answer.bodyText(), fragments);
        assertThat(answer.millis()).as(answer.toString()).isLessThan(PROMPT_MILLIS);
    }

    private static byte[] post(String path, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return ascii("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                + bytes.length + "\r\n\r\n" + body);
    }

    private static String multipart(String value) {
        return "--b\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n" + value + "\r\n--b--\r\n";
    }

    private static byte[] chunkedEmpty(String path) {
        return ascii("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
