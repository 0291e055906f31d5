package io.modelfn.api.predictiontoken;

import io.modelfn.aws.lean.LeanSecretsManagerClient;
import io.modelfn.api.clients.AwsClients;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.aws.clients.ClientUse;
import io.modelfn.core.predictiontoken.PredictionTokenSigner;
import io.modelfn.core.predictiontoken.served.ServedPredictions;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Wires prediction tokens: the keys are read once, at start-up (before a SnapStart snapshot, so restored
 * environments share them); the signer checks feedback, {@link PredictionTokenHeader} signs answers.
 *
 * <p>Predictions never depend on the keys: when they cannot be read (Secrets Manager unreachable, the
 * secret malformed) the environment serves answers without a token and feedback answers 503, and the
 * failure is logged at ERROR once.
 */
@ApplicationScoped
public class PredictionTokenBeans {

    private static final Logger LOG = Logger.getLogger(PredictionTokenBeans.class);

    @Produces
    @Singleton
    PredictionTokenHeader predictionTokenHeader(ModelfnConfig config, Clock clock) {
        Optional<PredictionTokenSigner> signer;
        try {
            signer = PredictionTokenKeySource.keys(config.feedback(), id -> readSecret(config, id))
                    .map(keys -> new PredictionTokenSigner(keys, clock, config.feedback().tokenMaxAge()));
        } catch (RuntimeException e) {
            LOG.errorf("prediction tokens are off in this environment: the keys could not be read (%s); answers carry "
                    + "no token and feedback answers 503", e.getMessage());
            signer = Optional.empty();
        }
        return new PredictionTokenHeader(signer, signer.map(s -> new ServedPredictions(s, clock)));
    }

    /** Reads the keys during start-up (so in the SnapStart snapshot), not in the first request. */
    void onStart(@Observes StartupEvent event, PredictionTokenHeader header) {
        header.signer();
    }

    private static String readSecret(ModelfnConfig config, String secretId) {
        var timeout = config.aws().apiCallTimeout();
        var endpoint = config.aws().secretsmanagerEndpoint();
        try (SecretsManagerClient client = AwsClients.lean(config)
                .map(lean -> lean.secretsManager(ClientUse.SECRET_READ, timeout, endpoint))
                .orElseGet(() -> AwsClients.factory(config).build(SecretsManagerClient.builder(), ClientUse.SECRET_READ,
                        timeout, endpoint))) {
            // A lean client reads it without the SDK's GetSecretValue classes (a cold start's read).
            return client instanceof LeanSecretsManagerClient lean
                    ? lean.secretString(secretId)
                    : client.getSecretValue(request -> request.secretId(secretId)).secretString();
        }
    }
}
