import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.aws.clients.ClientUse;
import io.modelfn.aws.lean.LeanClients;
import io.modelfn.aws.lean.LeanDynamoDbClient;
import io.modelfn.aws.lean.LeanS3Client;
import io.modelfn.aws.lean.LeanSecretsManagerClient;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A cold start's AWS calls (three registry queries, one model download, the token keys) through the lean clients'
 * own calls, as the function makes them at init, from a fresh JVM. Jackson is started first and not counted: the
 * function has started it (Quarkus) before these calls. Prints one line of milliseconds. See run.sh.
 */
public class LeanCost {
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        json.writeValueAsBytes(json.readTree("{\"a\":[1,\"b\"]}"));

        long start = System.nanoTime();
        String endpoint = "http://127.0.0.1:" + System.getenv().getOrDefault("PORT", "5123");
        LeanClients lean = LeanClients.from(Optional.empty(), System.getenv()).orElseThrow();
        Duration timeout = Duration.ofSeconds(3);
        LeanDynamoDbClient dynamoDb = (LeanDynamoDbClient) lean.dynamoDb(ClientUse.REGISTRY_READ, timeout, Optional.of(endpoint));
        int items = 0;
        for (String kind : List.of("endpoint", "version", "alias")) {
            items += dynamoDb.queryItems("reg", "kind-index", "#k = :k", Map.of("#k", "kind"),
                    Map.of(":k", AttributeValue.fromS(kind))).size();
        }
        long queried = System.nanoTime();
        LeanS3Client s3 = (LeanS3Client) lean.s3(ClientUse.MODEL_DOWNLOAD, timeout, Optional.of(endpoint));
        long bytes;
        try (InputStream in = s3.open("models", "iris/1.1.0/model.onnx", null).stream()) {
            bytes = in.readAllBytes().length;
        }
        long downloaded = System.nanoTime();
        LeanSecretsManagerClient secrets = (LeanSecretsManagerClient) lean.secretsManager(ClientUse.SECRET_READ, timeout,
                Optional.of(endpoint));
        String secret = secrets.secretString("keys");
        long read = System.nanoTime();
        System.out.printf("ddb %.0f | s3 %.0f | sm %.0f | total %.0f ms (%d items, %d bytes, secret %s)%n",
                (queried - start) / 1e6, (downloaded - queried) / 1e6, (read - downloaded) / 1e6, (read - start) / 1e6,
                items, bytes, secret == null ? "absent" : "read");
    }
}
