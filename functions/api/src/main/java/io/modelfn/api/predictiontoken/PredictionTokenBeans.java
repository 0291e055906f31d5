package io.modelfn.api.predictiontoken;

import io.modelfn.api.clients.AwsClients;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.aws.clients.ClientUse;
import io.modelfn.core.predictiontoken.PredictionTokenSigner;
import io.modelfn.core.predictiontoken.served.ServedPredictions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Wires prediction tokens: the keys are read once, at start-up (before a SnapStart snapshot, so restored
 * environments share them); the signer checks feedback, {@link PredictionTokenHeader} signs answers.
 */
@ApplicationScoped
public class PredictionTokenBeans {

    @Produces
    @Singleton
    PredictionTokenHeader predictionTokenHeader(ModelfnConfig config, Clock clock) {
        Optional<PredictionTokenSigner> signer = PredictionTokenKeySource.keys(config.feedback(), id -> readSecret(config, id))
                .map(keys -> new PredictionTokenSigner(keys, clock, config.feedback().tokenMaxAge()));
        return new PredictionTokenHeader(signer, signer.map(s -> new ServedPredictions(s, clock)));
    }

    private static String readSecret(ModelfnConfig config, String secretId) {
        try (SecretsManagerClient client = AwsClients.factory(config).build(SecretsManagerClient.builder(),
                ClientUse.SECRET_READ, config.aws().apiCallTimeout(), config.aws().secretsmanagerEndpoint())) {
            return client.getSecretValue(request -> request.secretId(secretId)).secretString();
        }
    }
}
