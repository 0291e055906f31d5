package io.modelfn.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * Uploads to the local runner's model folder over HTTP: a ticket from {@code admin/uploads/prepare}
 * points at this server, its signed token is the only authorisation, and a tampered token is refused
 * with a JSON 400 and writes nothing.
 */
@QuarkusTest
@TestProfile(LocalRunnerTestProfile.class)
class LocalUploadIT {

    private static String prepare(String model, String version) {
        Response prepared = given().header("Authorization", "Bearer " + LocalRunnerTestProfile.TOKEN)
                .contentType("application/json").body("{\"model\":\"" + model + "\",\"version\":\"" + version + "\"}")
                .post("/admin/uploads/prepare");
        assertThat(prepared.statusCode()).as(prepared.asString()).isEqualTo(200);
        assertThat(prepared.jsonPath().getString("method")).isEqualTo("PUT");
        assertThat(prepared.jsonPath().getString("location")).isEqualTo("local:" + model + "/" + version + "/model.onnx");
        return URI.create(prepared.jsonPath().getString("url")).getRawPath();
    }

    private static Path bucket() {
        return Path.of(ConfigProvider.getConfig().getValue("modelfn.store.local-root", String.class));
    }

    private static byte[] iris() throws Exception {
        return Files.readAllBytes(LocalRunnerTestProfile.repositoryRoot().resolve("models/iris/1.1.0/model.onnx"));
    }

    @Test
    void upload_should_write_the_artifact_to_the_folder_when_the_ticket_is_valid() throws Exception {
        // GIVEN an upload ticket of this server
        String path = prepare("local-upload", "1.0.0");
        assertThat(path).startsWith("/admin/uploads/");

        // WHEN the bytes are sent to it (no bearer token: the ticket authorises)
        Response uploaded = given().contentType("application/octet-stream").body(iris()).put(path);

        // THEN they are the version's artifact in the local bucket
        assertThat(uploaded.statusCode()).as(uploaded.asString()).isEqualTo(200);
        assertThat(uploaded.jsonPath().getString("location")).isEqualTo("local:local-upload/1.0.0/model.onnx");
        assertThat(bucket().resolve("local-upload/1.0.0/model.onnx")).hasBinaryContent(iris());
    }

    @Test
    void upload_should_answer_400_and_write_nothing_when_the_token_was_tampered_with() throws Exception {
        // GIVEN an upload ticket
        String path = prepare("local-upload-token", "1.0.0");
        String token = path.substring(path.lastIndexOf('/') + 1);
        int dot = token.indexOf('.');

        // WHEN bytes are sent with a changed signature, a changed payload, or no signature
        String otherSignature = token.substring(0, dot + 1) + flip(token.substring(dot + 1));
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("local-upload-token/9.9.9/" + (System.currentTimeMillis() / 1000 + 600)).getBytes())
                + token.substring(dot);
        for (String bad : List.of(otherSignature, otherPayload, token.substring(0, dot), "garbage")) {
            Response answer = given().contentType("application/octet-stream").body(iris()).put("/admin/uploads/" + bad);

            // THEN each is refused with a JSON error, and no file is written
            assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/json");
            assertThat(answer.asString()).contains("upload token");
        }
        assertThat(bucket().resolve("local-upload-token")).doesNotExist();
    }

    /** The same base64url text with its first character changed. */
    private static String flip(String text) {
        char first = text.charAt(0);
        return (first == 'A' ? 'B' : 'A') + text.substring(1);
    }
}
