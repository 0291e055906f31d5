package io.modelfn.bench.metrics;

import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.metrics.RequestMetrics;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * What {@code EmfMetrics.record(RequestMetrics)} writes, written through Powertools for AWS Lambda
 * (Java)'s metrics module (v2, without its aspect): the same four dimension sets and values, the same
 * metrics with the same units and values, {@code Status} and {@code RequestId} as properties, one
 * record per call (a flush). Powertools writes to {@code System.out} through the EMF library's
 * console sink, as on Lambda.
 *
 * <p>Not thread-safe: Powertools' {@link Metrics} gathers one record at a time.
 */
public final class PowertoolsRequestMetrics {

    private final Metrics metrics;

    public PowertoolsRequestMetrics() {
        // The EMF library would otherwise probe for EC2 or ECS over HTTP; on Lambda it finds Lambda.
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
        this.metrics = MetricsBuilder.builder().withNamespace(MetricsContract.NAMESPACE).build();
        metrics.clearDefaultDimensions();
    }

    private static final String FUNCTION = lambdaEnvironment("AWS_LAMBDA_FUNCTION_NAME");
    private static final String FUNCTION_VERSION = lambdaEnvironment("AWS_LAMBDA_FUNCTION_VERSION");

    private static String lambdaEnvironment(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? MetricsContract.NONE : value;
    }

    public void record(RequestMetrics r) {
        metrics.addDimension(DimensionSet.of(MetricsContract.ENDPOINT, r.endpoint(), MetricsContract.VARIANT, r.variant()));
        metrics.addDimension(DimensionSet.of(MetricsContract.ENDPOINT, r.endpoint(), MetricsContract.MODEL, r.model(),
                MetricsContract.VERSION, r.version()));
        metrics.addDimension(DimensionSet.of(MetricsContract.ENDPOINT, r.endpoint()));
        metrics.addDimension(DimensionSet.of(MetricsContract.FUNCTION, FUNCTION, MetricsContract.FUNCTION_VERSION,
                FUNCTION_VERSION));
        metrics.addMetric(MetricsContract.REQUESTS, 1, MetricUnit.COUNT);
        metrics.addMetric(MetricsContract.CLIENT_ERRORS, r.status() >= 400 && r.status() < 500 ? 1 : 0, MetricUnit.COUNT);
        metrics.addMetric(MetricsContract.SERVER_ERRORS, r.status() >= 500 ? 1 : 0, MetricUnit.COUNT);
        metrics.addMetric(MetricsContract.LATENCY, round(r.latencyMs()), MetricUnit.MILLISECONDS);
        if (r.inferenceMs() >= 0) {
            metrics.addMetric(MetricsContract.INFERENCE_LATENCY, round(r.inferenceMs()), MetricUnit.MILLISECONDS);
        }
        if (r.cacheHit() >= 0) {
            metrics.addMetric(MetricsContract.CACHE_HIT, r.cacheHit(), MetricUnit.COUNT);
            metrics.addMetric(MetricsContract.CACHE_MISS, 1 - r.cacheHit(), MetricUnit.COUNT);
        }
        if (r.modelLoadMs() >= 0) {
            metrics.addMetric(MetricsContract.MODEL_LOAD_TIME, round(r.modelLoadMs()), MetricUnit.MILLISECONDS);
        }
        if (r.resultCacheHit() >= 0) {
            metrics.addMetric(MetricsContract.RESULT_CACHE_HIT, r.resultCacheHit(), MetricUnit.COUNT);
        }
        metrics.addMetric(MetricsContract.COLD_START, r.coldStart() ? 1 : 0, MetricUnit.COUNT);
        if (r.estimatedCost() >= 0) {
            metrics.addMetric(MetricsContract.ESTIMATED_COST, r.estimatedCost(), MetricUnit.NONE);
        }
        metrics.addMetadata("Status", r.status());
        if (r.requestId() != null) {
            metrics.addMetadata("RequestId", r.requestId());
        }
        metrics.flush();
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
