package io.modelfn.rollout;

import io.modelfn.core.registry.SnapshotObjectKey;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The rollout function's configuration ({@code modelfn.*}, set by the CDK app through environment
 * variables such as {@code MODELFN_REGISTRY_TABLE} and {@code MODELFN_ROLLOUT_ALARM_PREFIX}).
 */
@ConfigMapping(prefix = "modelfn")
public interface RolloutConfig {

    RegistrySettings registry();

    RolloutSettings rollout();

    DriftSettings drift();

    AwsSettings aws();

    /** The registry table. */
    interface RegistrySettings {
        @WithDefault("modelfn-registry")
        String table();

        /**
         * The model bucket that holds the registry's snapshot object; without it no snapshot object is
         * written (the local runner).
         */
        Optional<String> snapshotBucket();

        @WithDefault(SnapshotObjectKey.DEFAULT)
        String snapshotKey();

        /** How long after a registry change a full read of the table's index is trusted to include it. */
        @WithDefault("2s")
        Duration changeSettle();
    }

    /** What the rollout may watch and change. */
    interface RolloutSettings {
        /** The name prefix of this stage's alarms: an endpoint's alarms start with {@code <prefix><endpoint>-}. */
        @WithDefault("modelfn-")
        String alarmPrefix();

        /** Functions whose aliases an alarm may reset (code-deployment rollback); no others are touched. */
        Optional<List<String>> functions();

        /**
         * Endpoints named in the stage settings: their stack made their alarms, so the rollout only
         * confirms them (it puts and deletes the alarms of every other endpoint's releases).
         */
        Optional<List<String>> stackEndpoints();

        /** The ARN a rollback alarm made at runtime calls: the rollout function's alias. */
        Optional<String> rollbackActionArn();

        /** The topic every alarm made at runtime, and every rollback, tells people through. */
        Optional<String> notifyTopicArn();

        /** The metric window read when counting a canary's requests is cut into periods of this length. */
        @WithDefault("60s")
        Duration metricPeriod();
    }

    /**
     * Input drift, computed by the schedule from the {@code FeatureBinCount} sums of every
     * environment ({@code MODELFN_DRIFT_WINDOW}, ...).
     */
    interface DriftSettings {
        /** How far back the bin counts are summed. */
        @WithDefault("15m")
        Duration window();

        /** How often the schedule (every minute) evaluates; whole minutes. Bounds the metric reads. */
        @WithDefault("5m")
        Duration every();

        /** How long before the current minute the window ends, for records CloudWatch is still ingesting. */
        @WithDefault("2m")
        Duration lag();

        /** Rows a feature needs in the window before its PSI is emitted (fewer give a noisy index). */
        @WithDefault("100")
        long minRows();
    }

    /** AWS clients. */
    interface AwsSettings {
        Optional<String> region();

        /** Endpoint overrides, for emulators only. */
        Optional<String> dynamodbEndpoint();

        Optional<String> cloudwatchEndpoint();

        Optional<String> lambdaEndpoint();

        /** SNS (rollback notices; {@code MODELFN_AWS_SNS_ENDPOINT}). */
        Optional<String> snsEndpoint();

        Optional<String> s3Endpoint();

        @WithDefault("3s")
        Duration apiCallTimeout();
    }
}
