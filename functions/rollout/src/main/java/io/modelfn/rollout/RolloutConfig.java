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

        /** The metric window read when counting a canary's requests is cut into periods of this length. */
        @WithDefault("60s")
        Duration metricPeriod();
    }

    /** AWS clients. */
    interface AwsSettings {
        Optional<String> region();

        /** Endpoint overrides, for emulators only. */
        Optional<String> dynamodbEndpoint();

        Optional<String> cloudwatchEndpoint();

        Optional<String> lambdaEndpoint();

        Optional<String> s3Endpoint();

        @WithDefault("3s")
        Duration apiCallTimeout();
    }
}
