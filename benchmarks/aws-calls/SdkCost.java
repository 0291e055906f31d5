import io.modelfn.aws.clients.*;
import java.time.Duration;
import java.util.*;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
public class SdkCost {
  public static void main(String[] a) throws Exception {
    long t0=System.nanoTime();
    // warm some JDK bits as Quarkus would have done
    var f=new AwsClientFactory(Optional.empty());
    var ep=Optional.of("http://127.0.0.1:" + System.getenv().getOrDefault("PORT", "5123"));
    DynamoDbClient d=f.build(DynamoDbClient.builder(),ClientUse.REGISTRY_READ,Duration.ofSeconds(3),ep);
    long t1=System.nanoTime();
    int n=0;
    for (String k: List.of("endpoint","version","alias")) {
      var r=QueryRequest.builder().tableName("reg").indexName("kind-index").keyConditionExpression("#k = :k")
        .expressionAttributeNames(Map.of("#k","kind")).expressionAttributeValues(Map.of(":k",AttributeValue.fromS(k))).build();
      for (var it: d.queryPaginator(r).items()) n++;
    }
    long t2=System.nanoTime();
    S3Client s=f.build(S3Client.builder().forcePathStyle(true),ClientUse.MODEL_DOWNLOAD,Duration.ofSeconds(3),ep);
    long t3=System.nanoTime();
    byte[] b=s.getObjectAsBytes(x->x.bucket("models").key("iris/1.1.0/model.onnx")).asByteArray();
    long t4=System.nanoTime();
    var sm=f.build(SecretsManagerClient.builder(),ClientUse.SECRET_READ,Duration.ofSeconds(3),ep);
    String v=sm.getSecretValue(x->x.secretId("keys")).secretString();
    long t5=System.nanoTime();
    System.out.printf("ddb build %.0f query %.0f | s3 build %.0f get %.0f | sm %.0f | total %.0f ms (%d items, %d bytes)%n",
      (t1-t0)/1e6,(t2-t1)/1e6,(t3-t2)/1e6,(t4-t3)/1e6,(t5-t4)/1e6,(t5-t0)/1e6,n,b.length);
  }
}
