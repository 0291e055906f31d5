package io.modelfn.aws.lean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerServiceClientConfiguration;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Secrets Manager's GetSecretValue without the SDK's client runtime (the prediction token keys, read at start-up);
 * every other operation throws {@link UnsupportedOperationException}. Thread-safe.
 */
public final class LeanSecretsManagerClient implements SecretsManagerClient {

    private final JsonService service;

    LeanSecretsManagerClient(JsonService service) {
        this.service = service;
    }

    /**
     * The secret's string, as {@code getSecretValue(...).secretString()} would give it (null for a binary secret),
     * without the SDK's GetSecretValue request and response classes.
     */
    public String secretString(String secretId) {
        byte[] body;
        try {
            body = SdkPojoJson.JSON.writeValueAsBytes(Map.of("SecretId", secretId));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode value = service.call("GetSecretValue", body).get("SecretString");
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        return service.call("GetSecretValue", request, GetSecretValueResponse.builder());
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public SecretsManagerServiceClientConfiguration serviceClientConfiguration() {
        throw new UnsupportedOperationException("a lean client has no SDK client configuration");
    }

    @Override
    public void close() {
        // nothing held
    }

    static JsonService service(LeanTransport transport, URI endpoint) {
        return new JsonService("secretsmanager", "secretsmanager", "application/x-amz-json-1.1", endpoint,
                SecretsManagerException.class.getPackageName(), SecretsManagerException::builder, false, transport);
    }
}
