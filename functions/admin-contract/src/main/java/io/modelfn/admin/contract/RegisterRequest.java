package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** {@code admin/versions/register}: a version from an uploaded artifact, its card, optional reference vectors and latency budget. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegisterRequest(String model, String version, String source, JsonNode card, JsonNode reference, BigDecimal latencyBudgetMs,
        String reason) {

    public RegisterRequest {
        Require.text(model, "model");
        Require.text(version, "version");
        Require.text(source, "source");
        Require.positive(latencyBudgetMs, "latencyBudgetMs");
    }
}
