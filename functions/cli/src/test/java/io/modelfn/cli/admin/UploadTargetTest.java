package io.modelfn.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.admin.contract.UploadTicketInfo;
import java.net.URI;
import org.junit.jupiter.api.Test;

class UploadTargetTest {

    private static final URI BASE = URI.create("http://localhost:8080/prod");

    @Test
    void fromPrepareAnswer_should_resolveRelativeUrlAgainstBase_when_serverGivesPath() throws Exception {
        // GIVEN a local server that takes uploads itself
        var answer = ticket("""
                {"url":"/admin/uploads/iris/1.2.0?token=t","headers":{},"location":"s3://b/models/iris/1.2.0/model.onnx"}""");

        // WHEN
        UploadTarget target = UploadTarget.fromPrepareAnswer(answer, BASE);

        // THEN
        assertThat(target.url()).hasToString("http://localhost:8080/admin/uploads/iris/1.2.0?token=t");
        assertThat(target.method()).isEqualTo("PUT");
        assertThat(target.location()).isEqualTo("s3://b/models/iris/1.2.0/model.onnx");
    }

    @Test
    void fromPrepareAnswer_should_keepMethodAndHeaders_when_given() throws Exception {
        // GIVEN
        var answer = ticket("""
                {"url":"https://bucket.s3.amazonaws.com/k?X-Amz-Signature=s","method":"post",
                 "headers":{"Content-Type":"application/octet-stream"},"location":"s3://bucket/k"}""");

        // WHEN
        UploadTarget target = UploadTarget.fromPrepareAnswer(answer, BASE);

        // THEN
        assertThat(target.method()).isEqualTo("POST");
        assertThat(target.headers()).containsEntry("Content-Type", "application/octet-stream");
        assertThat(target.url().getHost()).isEqualTo("bucket.s3.amazonaws.com");
    }

    @Test
    void fromPrepareAnswer_should_failAsUnavailable_when_locationMissing() throws Exception {
        // GIVEN
        var answer = ticket("{\"url\":\"https://x/y\"}");

        // WHEN / THEN
        assertThatThrownBy(() -> UploadTarget.fromPrepareAnswer(answer, BASE))
                .isInstanceOf(AdminUnavailableException.class).hasMessageContaining("without a url or location");
    }

    private static UploadTicketInfo ticket(String json) throws Exception {
        return AdminJson.mapper().readValue(json, UploadTicketInfo.class);
    }
}
