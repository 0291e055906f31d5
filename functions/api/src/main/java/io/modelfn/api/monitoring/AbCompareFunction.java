package io.modelfn.api.monitoring;

import static io.modelfn.admin.contract.AdminRequestReader.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.AbCompareRequest;
import io.modelfn.admin.contract.AbComparisonResult;
import io.modelfn.api.admin.AdminAnswers;
import io.modelfn.core.monitoring.AbCompareService;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * {@code POST /admin/ab/compare}: two versions compared on their feedback. Either
 * {@code {"endpoint":"iris"}} (its stable and canary variants, or its two heaviest) or
 * {@code {"model":"iris","a":"1.0.0","b":"1.1.0"}}; {@code effect} is the smallest difference worth
 * detecting (default 0.05).
 */
public class AbCompareFunction {

    @Inject
    AbCompareService comparisons;

    @Funq("admin/ab/compare")
    public AbComparisonResult compare(JsonNode body) {
        AbCompareRequest request = read(body, AbCompareRequest.class);
        double effect = request.effect() == null ? 0.05 : request.effect();
        return AdminAnswers.abComparison(request.endpoint() != null
                ? comparisons.compareEndpoint(request.endpoint(), effect)
                : comparisons.compareVersions(request.model(), request.a(), request.b(), effect));
    }
}
