package io.modelfn.infra.data;

import io.modelfn.core.predictiontoken.PredictionTokenKeys;
import io.modelfn.infra.nag.NagReasons;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The keys that sign prediction tokens (what {@code /feedback} checks), shared by every execution
 * environment of the prediction function: one Secrets Manager secret, encrypted by Secrets Manager's
 * KMS key, created with one generated key, {@code {"current": "k1", "k1": "<64 letters and digits>"}}
 * (valid base64 of 48 bytes), read by the function once at start-up. Rotation is by hand: add a key,
 * make it current, remove the old one after the token max age; nothing is generated per environment.
 * Retained outside dev stages (a new key refuses every token still in clients' hands).
 */
public final class PredictionTokenSecret extends Construct {

    /** The id of the generated key. */
    public static final String FIRST_KEY_ID = "k1";
    /** What reading the keys needs. */
    public static final List<String> READ_ACTIONS = List.of("secretsmanager:GetSecretValue");

    /** What may vary. */
    public record Props(String secretName, boolean protect) {
    }

    private final Secret secret;

    public PredictionTokenSecret(Construct scope, String id, Props props) {
        super(scope, id);
        this.secret = Secret.Builder.create(this, "Secret")
                .secretName(props.secretName())
                .description("modelfn prediction token keys (HMAC-SHA256): {\"current\": id, id: base64 key, ...}")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"" + PredictionTokenKeys.CURRENT + "\":\"" + FIRST_KEY_ID + "\"}")
                        .generateStringKey(FIRST_KEY_ID)
                        .passwordLength(64)
                        .excludePunctuation(true)
                        .includeSpace(false)
                        .build())
                .removalPolicy(props.protect() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        NagReasons.suppress(secret, "AwsSolutions-SMG4", "Rotation keeps the previous keys for the token max age, by "
                + "key id in the secret; a rotation function that replaced the value would refuse every token in flight");
    }

    public ISecret secret() {
        return secret;
    }

    /** Read the keys (the prediction function, which signs answers and checks feedback); nothing else. */
    public void grantRead(IGrantable grantee) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(READ_ACTIONS)
                .resourceArns(List.of(secret.getSecretArn()))
                .build());
    }
}
