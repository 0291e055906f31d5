package io.modelfn.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.bench.SampleRepository;
import io.modelfn.bench.overhead.ServingFixture;
import io.modelfn.core.model.ModelKey;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The floor over HTTP on loopback: answers, errors as JSON with 4xx, readiness. */
class FloorServerIT {

    private static final ModelKey IRIS = new ModelKey("iris", "1.1.0");

    private static SampleRepository repository;
    private static FloorServer server;
    private static String base;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        repository = SampleRepository.find();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = FloorServer.start(repository, List.of(IRIS), "127.0.0.1", port, 2, 10);
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void infer_should_answer_as_in_process_when_posted_over_http() throws Exception {
        byte[] body = repository.oipRequest(IRIS);
        byte[] expected;
        try (FloorModel model = new FloorModel("iris", "1.1.0",
                repository.models().resolve("iris/1.1.0/model.onnx"), ServingFixture.RUNNER_SETTINGS)) {
            expected = FloorServer.answer(model, new FloorCodec(), new FloorRequest(4), body);
        }

        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> answer = post("/v2/models/iris/versions/1.1.0/infer", body);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(answer.body()).isEqualTo(expected);
        }
    }

    @Test
    void infer_should_answer_400_json_when_the_body_is_malformed() throws Exception {
        HttpResponse<byte[]> answer = post("/v2/models/iris/versions/1.1.0/infer", "{\"inputs\":".getBytes());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(new String(answer.body())).startsWith("{\"error\":\"");
    }

    @Test
    void infer_should_answer_404_json_when_the_version_is_not_served() throws Exception {
        HttpResponse<byte[]> answer = post("/v2/models/iris/versions/9.9.9/infer", repository.oipRequest(IRIS));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(new String(answer.body())).startsWith("{\"error\":\"");
    }

    @Test
    void ready_should_answer_200_when_listening() throws Exception {
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(base + FloorVerticle.READY_PATH)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<byte[]> post(String path, byte[] body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
