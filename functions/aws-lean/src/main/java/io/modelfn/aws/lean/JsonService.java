package io.modelfn.aws.lean;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * One AWS service spoken in the AWS JSON protocol: an operation is a POST of the request's JSON with
 * {@code X-Amz-Target: <prefix>.<operation>}; an error answer names its type ({@code __type} or
 * {@code x-amzn-ErrorType}), thrown as the service's own exception class of that name when the SDK has one
 * (its members filled from the answer), else as the service's base exception.
 *
 * <p>Thread-safe (immutable).
 */
final class JsonService {

    private final String signingName;
    private final String targetPrefix;
    private final String contentType;
    private final URI endpoint;
    private final String modelPackage;
    private final Supplier<AwsServiceException.Builder> baseException;
    private final boolean checksCrc32;
    private final LeanTransport transport;

    JsonService(String signingName, String targetPrefix, String contentType, URI endpoint, String modelPackage,
            Supplier<AwsServiceException.Builder> baseException, boolean checksCrc32, LeanTransport transport) {
        this.signingName = signingName;
        this.targetPrefix = targetPrefix;
        this.contentType = contentType;
        this.endpoint = endpoint;
        this.modelPackage = modelPackage;
        this.baseException = baseException;
        this.checksCrc32 = checksCrc32;
        this.transport = transport;
    }

    /** Calls {@code operation} with {@code request}; the answer fills and builds {@code responseBuilder}. */
    <R> R call(String operation, AwsRequest request, SdkPojo responseBuilder) {
        Overrides.refuse(request);
        JsonNode node = call(operation, SdkPojoJson.write(request));
        try {
            return SdkPojoJson.read(node, responseBuilder);
        } catch (IllegalArgumentException e) {
            throw LeanCallException.of(signingName + " " + operation + " answered what cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Calls {@code operation} with a request body written by the caller, and answers the answer's JSON object:
     * for the few calls of a cold start, which so load none of the operation's request and response classes.
     */
    JsonNode call(String operation, byte[] requestBody) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("X-Amz-Target", targetPrefix + "." + operation);
        LeanTransport.Request call = new LeanTransport.Request(signingName, "POST", endpoint, "/", "", true, headers,
                requestBody, false);
        LeanTransport.Answer answer = transport.send(call, this::errorCode);
        if (answer.status() >= 300) {
            throw exception(answer);
        }
        if (checksCrc32) {
            checkCrc32(answer);
        }
        try {
            byte[] body = answer.body();
            JsonNode node = body.length == 0 ? SdkPojoJson.JSON.createObjectNode() : SdkPojoJson.JSON.readTree(body);
            if (!node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw LeanCallException.of(signingName + " " + operation + " answered what cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** DynamoDB's CRC32 of the body, as the SDK checks it: a mismatch is a damaged answer. */
    private void checkCrc32(LeanTransport.Answer answer) {
        String expected = answer.header("x-amz-crc32");
        if (expected == null) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(answer.body());
        if (!Long.toString(crc.getValue()).equals(expected.trim())) {
            throw LeanCallException.of(signingName + " answered a body whose CRC32 is not its x-amz-crc32 header",
                    null);
        }
    }

    private String errorCode(LeanTransport.Answer answer) {
        String type = answer.header("x-amzn-ErrorType");
        if (type == null) {
            JsonNode body = parse(answer.body());
            type = body == null ? null : body.path("__type").asText(body.path("code").asText(null));
        }
        if (type == null || type.isBlank()) {
            return null;
        }
        int colon = type.indexOf(':');
        if (colon >= 0) {
            type = type.substring(0, colon);
        }
        return type.substring(type.lastIndexOf('#') + 1).trim();
    }

    private AwsServiceException exception(LeanTransport.Answer answer) {
        String code = errorCode(answer);
        JsonNode body = parse(answer.body());
        String message = body == null ? null : body.path("message").asText(body.path("Message").asText(null));
        AwsServiceException.Builder builder = ServiceExceptions.builder(modelPackage, code, baseException);
        if (body != null && builder instanceof SdkPojo pojo) {
            try {
                SdkPojoJson.fill(body, pojo);
            } catch (RuntimeException e) {
                // the members are extras: the code, message and status below are what callers read
            }
        }
        String requestId = answer.header("x-amzn-RequestId");
        builder.message(message == null ? code : message)
                .statusCode(answer.status())
                .requestId(requestId)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName(signingName)
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(answer.status()).build())
                        .build());
        return builder.build();
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = SdkPojoJson.JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
