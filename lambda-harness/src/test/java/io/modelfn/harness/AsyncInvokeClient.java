package io.modelfn.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * A process with an AWS SDK Lambda client configured only by its environment (region, credentials and
 * {@code AWS_ENDPOINT_URL_LAMBDA}, no endpoint in code), as a function's own client would be: it invokes
 * {@code args[0]} asynchronously with the file {@code args[1]} and prints the status code.
 */
public final class AsyncInvokeClient {

    private AsyncInvokeClient() {
    }

    public static void main(String[] args) throws Exception {
        byte[] payload = Files.readAllBytes(Path.of(args[1]));
        try (LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            InvokeResponse response = lambda.invoke(b -> b.functionName(args[0]).invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromByteArray(payload)));
            System.out.println("status=" + response.statusCode());
        }
    }
}
