package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** {@code admin/versions/validate}: the validation gate again, optionally with reference vectors. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidateRequest(String model, String version, JsonNode reference, BigDecimal latencyBudgetMs, String reason) {

    public ValidateRequest {
        Require.text(model, "model");
        Require.text(version, "version");
        Require.positive(latencyBudgetMs, "latencyBudgetMs");
    }
}
