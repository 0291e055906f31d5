package io.modelfn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.admin.UploadTicket;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.write.ConflictException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local model folder's upload tickets: signed, short-lived, for one version, and nothing outside the folder. */
class LocalArtifactStorageTest {

    private static final ModelKey KEY = ModelKey.parse("iris/1.5.0");
    private static final byte[] BYTES = "not really onnx".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private LocalArtifactStorage storage() {
        return new LocalArtifactStorage(root, "http://localhost:8080/", clock);
    }

    private static String token(UploadTicket ticket) {
        String path = URI.create(ticket.url()).getRawPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Test
    void receive_should_write_the_version_named_by_the_ticket_when_the_token_is_valid() throws Exception {
        // GIVEN a ticket for iris/1.5.0
        LocalArtifactStorage storage = storage();
        UploadTicket ticket = storage.prepareUpload(KEY);
        assertThat(ticket.url()).startsWith("http://localhost:8080/admin/uploads/");
        assertThat(ticket.method()).isEqualTo("PUT");
        assertThat(ticket.location()).isEqualTo("local:iris/1.5.0/model.onnx");
        assertThat(ticket.expiresAt()).isEqualTo(clock.instant().plus(LocalArtifactStorage.VALIDITY));

        // WHEN bytes are sent with its token
        ArtifactLocation location = storage.receive(token(ticket), new ByteArrayInputStream(BYTES));

        // THEN they are the version's artifact in the folder
        assertThat(location.uri()).isEqualTo(ticket.location());
        assertThat(root.resolve("iris/1.5.0/model.onnx")).hasBinaryContent(BYTES);
    }

    @Test
    void receive_should_refuse_and_write_nothing_when_the_token_was_tampered_with() {
        // GIVEN a ticket's token
        LocalArtifactStorage storage = storage();
        String token = token(storage.prepareUpload(ModelKey.parse("adm-upload-token/1.0.0")));
        int dot = token.indexOf('.');

        // WHEN the signature, the payload, or both are changed THEN each is refused, and nothing is written
        String otherSignature = token.substring(0, dot + 1) + flip(token.substring(dot + 1));
        String otherPayload = encode("adm-upload-token/9.9.9/" + (clock.instant().getEpochSecond() + 600))
                + token.substring(dot);
        for (String bad : List.of(otherSignature, otherPayload, token.substring(0, dot), "garbage")) {
            assertThatThrownBy(() -> storage.receive(bad, new ByteArrayInputStream(BYTES)))
                    .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("upload token");
        }
        assertThat(root.resolve("adm-upload-token")).doesNotExist();
    }

    @Test
    void receive_should_refuse_when_the_ticket_has_expired() {
        // GIVEN a ticket, and its validity passed
        LocalArtifactStorage storage = storage();
        String token = token(storage.prepareUpload(KEY));
        clock.advance(LocalArtifactStorage.VALIDITY.plusSeconds(1));

        // WHEN bytes are sent THEN they are refused: prepare again
        assertThatThrownBy(() -> storage.receive(token, new ByteArrayInputStream(BYTES)))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("expired");
        assertThat(root.resolve("iris")).doesNotExist();
    }

    @Test
    void receive_should_refuse_a_token_of_another_process() {
        // GIVEN a token signed by another storage (another key, in another process)
        String foreign = token(new LocalArtifactStorage(root, "http://localhost:8080", clock).prepareUpload(KEY));

        // WHEN it is presented here THEN it is refused
        assertThatThrownBy(() -> storage().receive(foreign, new ByteArrayInputStream(BYTES)))
                .isInstanceOf(InvalidAdminRequestException.class);
    }

    @Test
    void receive_should_conflict_and_keep_the_first_bytes_when_the_version_was_uploaded_already() throws Exception {
        // GIVEN bytes uploaded with a ticket
        LocalArtifactStorage storage = storage();
        String token = token(storage.prepareUpload(KEY));
        storage.receive(token, new ByteArrayInputStream(BYTES));

        // WHEN other bytes are sent with the same ticket
        // THEN they are refused as a conflict, and the first bytes stay, with no partial file beside them
        assertThatThrownBy(() -> storage.receive(token, new ByteArrayInputStream("other".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("immutable");
        assertThat(root.resolve("iris/1.5.0/model.onnx")).hasBinaryContent(BYTES);
        try (var files = Files.list(root.resolve("iris/1.5.0"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("model.onnx");
        }
    }

    @Test
    void exists_should_say_whether_the_folder_holds_the_versions_file() {
        // GIVEN one version uploaded
        LocalArtifactStorage storage = storage();
        storage.receive(token(storage.prepareUpload(KEY)), new ByteArrayInputStream(BYTES));

        // WHEN / THEN it exists, another version does not, and a location of another store is refused
        assertThat(storage.exists(storage.locationOf(KEY))).isTrue();
        assertThat(storage.exists(storage.locationOf(ModelKey.parse("iris/1.6.0")))).isFalse();
        assertThatThrownBy(() -> storage.exists(new ArtifactLocation("s3://bucket/models/iris/1.5.0/model.onnx", null)))
                .isInstanceOf(InvalidAdminRequestException.class);
    }

    @Test
    void delete_should_remove_the_artifact_and_refuse_locations_outside_the_folder() throws Exception {
        // GIVEN an uploaded artifact
        LocalArtifactStorage storage = storage();
        storage.receive(token(storage.prepareUpload(KEY)), new ByteArrayInputStream(BYTES));

        // WHEN it is deleted THEN it is gone; a location of another store is refused
        storage.delete(storage.locationOf(KEY));
        assertThat(root.resolve("iris/1.5.0/model.onnx")).doesNotExist();
        assertThatThrownBy(() -> storage.delete(new ArtifactLocation("s3://bucket/models/iris/1.5.0/model.onnx", null)))
                .isInstanceOf(InvalidAdminRequestException.class);
        assertThat(Files.isDirectory(root)).isTrue();
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The same base64url text with its first character changed. */
    private static String flip(String text) {
        char first = text.charAt(0);
        return (first == 'A' ? 'B' : 'A') + text.substring(1);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
