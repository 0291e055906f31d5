package io.modelfn.cli.versions;

import static io.modelfn.cli.testing.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.cli.testing.AdminAnswers;
import io.modelfn.cli.testing.CliRun;
import io.modelfn.cli.testing.RecordedRequest;
import io.modelfn.cli.testing.StubAdminServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The register flow on the committed sample model iris/1.1.0 (its model.onnx, model.json and reference.json). */
class RegisterVersionCommandTest {

    private static final Path SAMPLE = Path.of(System.getProperty("sample.models.dir", "../../models"), "iris", "1.1.0");
    private static final Path MODEL = SAMPLE.resolve("model.onnx");
    private static final String LOCATION = "s3://models-bucket/models/iris/1.2.0/model.onnx";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StubAdminServer server;

    @BeforeEach
    void startServer() {
        server = StubAdminServer.start();
        server.answer("uploads/prepare", """
                        {"url":"%s/upload/iris/1.2.0/model.onnx?X-Amz-Signature=abc","method":"PUT",
                         "headers":{"Content-Type":"application/octet-stream","x-amz-meta-model":"iris"},
                         "location":"%s"}""".formatted(server.url(), LOCATION))
                .answerPath("/upload/iris/1.2.0/model.onnx", 200, "")
                .answer("versions/register", AdminAnswers.validated("1.2.0", true));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void register_should_prepareThenUploadThenRegister_when_fileGiven() throws IOException {
        // WHEN
        CliRun.Result result = cli().run("versions", "register", "iris", "1.2.0", "--file", MODEL.toString(),
                "--url", server.url(), "--token", "t0k", "--idempotency-key", "register-1");

        // THEN the three steps, in order
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.paths()).containsExactly("/admin/uploads/prepare", "/upload/iris/1.2.0/model.onnx",
                "/admin/versions/register");
        RecordedRequest prepare = server.requests().get(0);
        RecordedRequest upload = server.requests().get(1);
        RecordedRequest register = server.requests().get(2);

        assertThat(StubAdminServer.json(prepare).toString()).isEqualTo("{\"model\":\"iris\",\"version\":\"1.2.0\"}");
        assertThat(prepare.header("Authorization")).contains("Bearer t0k");

        assertThat(upload.method()).isEqualTo("PUT");
        assertThat(upload.body()).isEqualTo(Files.readAllBytes(MODEL));
        assertThat(upload.header("Content-Type")).contains("application/octet-stream");
        assertThat(upload.header("x-amz-meta-model")).contains("iris");
        assertThat(upload.header("Authorization")).as("the upload URL carries its own authorisation").isEmpty();

        JsonNode body = StubAdminServer.json(register);
        assertThat(body.path("model").asText()).isEqualTo("iris");
        assertThat(body.path("version").asText()).isEqualTo("1.2.0");
        assertThat(body.path("source").asText()).isEqualTo(LOCATION);
        assertThat(body.path("card")).isEqualTo(JSON.readTree(SAMPLE.resolve("model.json").toFile()));
        assertThat(body.path("reference")).isEqualTo(JSON.readTree(SAMPLE.resolve("reference.json").toFile()));
        assertThat(body.has("latencyBudgetMs")).isFalse();
        assertThat(register.header("Idempotency-Key")).contains("register-1");
        assertThat(register.header("Authorization")).contains("Bearer t0k");

        assertThat(result.out()).isEqualTo("""
                uploaded model.onnx (1.1 KiB) to s3://models-bucket/models/iris/1.2.0/model.onnx
                iris 1.2.0: VALIDATED, revision 3
                artifact s3://models-bucket/models/iris/1.2.0/model.onnx, s3 version 3HL4kqtJlcpXroDTDmJ-1.2.0

                CHECK      RESULT  DETAIL
                sha256     pass    digest matches
                reference  pass    2 cases match
                """);
    }

    @Test
    void register_should_givePrepareItsOwnIdempotencyKey_when_commandKeyGiven() {
        // WHEN
        cli().run("versions", "register", "iris", "1.2.0", "--file", MODEL.toString(), "--url", server.url(),
                "--idempotency-key", "register-1");

        // THEN
        assertThat(server.requests().get(0).header("Idempotency-Key")).isPresent().get().isNotEqualTo("register-1");
    }

    @Test
    void register_should_sendExplicitReferenceAndLatencyBudget_when_given(@TempDir Path folder) throws IOException {
        // GIVEN a reference file of its own
        Path reference = Files.writeString(folder.resolve("other-reference.json"), "{\"cases\":[]}");

        // WHEN
        CliRun.Result result = cli().run("versions", "register", "iris", "1.2.0", "--file", MODEL.toString(),
                "--reference", reference.toString(), "--latency-budget-ms", "25", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        JsonNode body = StubAdminServer.json(server.requests().get(2));
        assertThat(body.path("reference").toString()).isEqualTo("{\"cases\":[]}");
        assertThat(body.path("latencyBudgetMs").asInt()).isEqualTo(25);
    }

    @Test
    void register_should_leaveReferenceOut_when_noneBesideTheFile(@TempDir Path folder) throws IOException {
        // GIVEN a model and its card, without reference outputs
        Path model = Files.copy(MODEL, folder.resolve("model.onnx"));
        Files.copy(SAMPLE.resolve("model.json"), folder.resolve("model.json"));

        // WHEN
        CliRun.Result result = cli().run("versions", "register", "iris", "1.2.0", "--file", model.toString(),
                "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(StubAdminServer.json(server.requests().get(2)).has("reference")).isFalse();
    }

    @Test
    void register_should_registerWithoutUpload_when_sourceGiven() {
        // WHEN
        CliRun.Result result = cli().run("versions", "register", "iris", "1.2.0", "--source", LOCATION,
                "--card", SAMPLE.resolve("model.json").toString(), "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(server.paths()).containsExactly("/admin/versions/register");
        JsonNode body = StubAdminServer.json(server.onlyRequest());
        assertThat(body.path("source").asText()).isEqualTo(LOCATION);
        assertThat(body.path("card").path("name").asText()).isEqualTo("iris");
        assertThat(body.has("reference")).isFalse();
    }

    @Test
    void register_should_printOnlyJson_when_jsonAsked() {
        // WHEN
        CliRun.Result result = cli().run("versions", "register", "iris", "1.2.0", "--file", MODEL.toString(),
                "--url", server.url(), "--json");

        // THEN stdout parses as the register answer, without the upload line
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("{").doesNotContain("uploaded");
    }

    @Test
    void register_should_exitRefusedAfterReport_when_validationFails() {
        // GIVEN
        server.answer("versions/register", AdminAnswers.validated("1.2.0", false));

        // WHEN
        CliRun.Result result = cli().run("versions", "register", "iris", "1.2.0", "--file", MODEL.toString(),
                "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.out()).contains("iris 1.2.0: FAILED", "reference  FAIL");
        assertThat(result.err()).isEqualTo("modelfn: iris 1.2.0 failed validation: reference\n");
    }

    @Test
    void register_should_stopBeforeRegistering_when_uploadIsRefused() {
        // GIVEN S3's answer to an expired pre-signed URL
        server.answerPath("/upload/iris/1.2.0/model.onnx", 403,
                "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");

        // WHEN
        CliRun.Result result = cli().run("versions", "register", "iris", "1.2.0", "--file", MODEL.toString(),
                "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.err()).isEqualTo("modelfn: upload of model.onnx to 127.0.0.1 refused: HTTP 403: Request has expired\n");
        assertThat(server.paths()).doesNotContain("/admin/versions/register");
    }

    @Test
    void register_should_exitUsageErrorAndSendNothing_when_fileMissing() {
        // WHEN
        CliRun.Result result = cli().run("versions", "register", "iris", "1.2.0", "--file", "no/such/model.onnx",
                "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: --file no/such/model.onnx is not a file");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void register_should_exitUsageErrorAndSendNothing_when_sourceHasNoCard() {
        // WHEN
        CliRun.Result result = cli().run("versions", "register", "iris", "1.2.0", "--source", LOCATION, "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: --card is required with --source");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void register_should_exitUsageErrorAndSendNothing_when_cardIsNotJson(@TempDir Path folder) throws IOException {
        // GIVEN
        Path card = Files.writeString(folder.resolve("model.json"), "name: iris");

        // WHEN
        CliRun.Result result = cli().run("versions", "register", "iris", "1.2.0", "--file", MODEL.toString(),
                "--card", card.toString(), "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: card " + card + " is not valid JSON");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void register_should_exitUsageError_when_bothFileAndSourceGiven() {
        // WHEN
        CliRun.Result result = cli().run("versions", "register", "iris", "1.2.0", "--file", MODEL.toString(),
                "--source", LOCATION, "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("mutually exclusive");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void register_should_exitUsageError_when_sourceIsNotS3() {
        // WHEN
        CliRun.Result result = cli().run("versions", "register", "iris", "1.2.0", "--source", "model.onnx",
                "--card", SAMPLE.resolve("model.json").toString(), "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: --source must be an s3:// URI");
        assertThat(server.requests()).isEmpty();
    }
}
