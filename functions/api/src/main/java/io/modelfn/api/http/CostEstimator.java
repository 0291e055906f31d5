package io.modelfn.api.http;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.metrics.CostModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * What a request cost in compute, for the {@code EstimatedCost} metric: Lambda bills duration
 * rounded up to the millisecond times the configured memory, plus a price per request. Outside
 * Lambda (no memory size configured or in the environment) nothing is estimated.
 */
@ApplicationScoped
public class CostEstimator implements CostModel {

    @Inject
    ModelfnConfig config;

    private volatile Integer memoryMb;

    /** Dollars for a request that took {@code latencyMs} in the function, or -1 when unknown. */
    @Override
    public double estimate(double latencyMs) {
        int memory = memoryMb();
        if (memory <= 0) {
            return -1;
        }
        double billedSeconds = Math.ceil(latencyMs) / 1000.0;
        return billedSeconds * (memory / 1024.0) * config.cost().pricePerGbSecond() + config.cost().pricePerRequest();
    }

    private int memoryMb() {
        Integer known = memoryMb;
        if (known == null) {
            known = config.cost().memoryMb().or(() -> Optional.ofNullable(System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"))
                    .flatMap(CostEstimator::parse)).orElse(0);
            memoryMb = known;
        }
        return known;
    }

    private static Optional<Integer> parse(String text) {
        try {
            return Optional.of(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
