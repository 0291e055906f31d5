package io.modelfn.api.predictiontoken;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.predictiontoken.PredictionTokenKeys;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Where the prediction token keys come from, in this order: the Secrets Manager secret
 * ({@code modelfn.feedback.token-keys-secret}, what the CDK app sets: every Lambda execution environment
 * reads the same keys), the keys written in the configuration ({@code modelfn.feedback.token-keys}), a key
 * made at start-up ({@code modelfn.feedback.token-key-per-process}, the single-process local runner), or
 * none: answers then carry no token and feedback is refused. A secret that cannot be read or parsed
 * fails the start-up. Keys are never logged, only their ids.
 */
public final class PredictionTokenKeySource {

    private static final Logger LOG = Logger.getLogger(PredictionTokenKeySource.class);

    private PredictionTokenKeySource() {
    }

    /**
     * @param readSecret reads a secret's string value by id (called at most once)
     * @throws IllegalStateException when the secret or the configured keys are unusable
     */
    public static Optional<PredictionTokenKeys> keys(ModelfnConfig.Feedback config, Function<String, String> readSecret) {
        Optional<PredictionTokenKeys> keys;
        String source;
        if (config.tokenKeysSecret().isPresent()) {
            source = "secret " + config.tokenKeysSecret().get();
            keys = Optional.of(parse(readSecret.apply(config.tokenKeysSecret().get()), source));
        } else if (config.tokenKeys().isPresent()) {
            source = "modelfn.feedback.token-keys";
            keys = Optional.of(parse(config.tokenKeys().get(), source));
        } else if (config.tokenKeyPerProcess()) {
            source = "a key made at start-up (one process only)";
            keys = Optional.of(PredictionTokenKeys.generated());
        } else {
            LOG.warn("no prediction token key is configured: answers carry no prediction token and /feedback is refused");
            return Optional.empty();
        }
        LOG.infof("prediction tokens are signed with key '%s' of %s", keys.get().currentId(), source);
        return keys;
    }

    private static PredictionTokenKeys parse(String text, String source) {
        try {
            return PredictionTokenKeys.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the prediction token keys of " + source + " are unusable: " + e.getMessage());
        }
    }
}
