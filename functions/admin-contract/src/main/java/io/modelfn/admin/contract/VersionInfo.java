package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A registered version. {@code card} comes only with {@code admin/versions/describe}; {@code validation}
 * with a registration or validation; {@code warnings} when the version barely fits where it runs */
public record VersionInfo(String model, String version, String state, String stateReason, String sha256, long sizeBytes,
        String artifact, @JsonInclude(JsonInclude.Include.NON_NULL) String artifactVersionId, String task,
        SignatureInfo signature, JsonNode metrics, String createdAt, String createdBy, String updatedAt, long revision,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode card,
        @JsonInclude(JsonInclude.Include.NON_NULL) ValidationResult validation,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> warnings) {

    /** The same version with the validation gate's report (and advice, or null). */
    public VersionInfo withValidation(ValidationResult report, List<String> advice) {
        return new VersionInfo(model, version, state, stateReason, sha256, sizeBytes, artifact, artifactVersionId, task,
                signature, metrics, createdAt, createdBy, updatedAt, revision, card, report, advice);
    }
}
