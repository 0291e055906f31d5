package io.modelfn.aws.lean;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3's GetObject without the SDK's client runtime (model downloads and the registry's snapshot object), in all
 * the SDK's forms ({@code getObject} as a stream, to a file, {@code getObjectAsBytes}: they all come down to
 * {@link #getObject(GetObjectRequest, ResponseTransformer)}). The request's members go where S3's model puts them
 * (path, query, headers); the answer's headers fill the SDK's {@link GetObjectResponse}. An error answer is thrown
 * as the SDK's exception for its code ({@code NoSuchKey}, {@code NoSuchBucket}), else as {@link S3Exception}, with
 * the code and HTTP status callers read. Every other operation throws {@link UnsupportedOperationException}.
 *
 * <p>Buckets are addressed virtual-hosted ({@code <bucket>.s3.<region>...}) unless {@code pathStyle} (emulators) or
 * the bucket's name holds a dot (a TLS certificate covers one label). S3's response checksums are not checked:
 * artifacts are checked against the registry's SHA-256 by the model cache. Thread-safe.
 */
public final class LeanS3Client implements S3Client, RenewableClient {

    private static final Pattern CODE = Pattern.compile("<Code>([^<]{1,200})</Code>");
    private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]{0,2000})</Message>");

    private final LeanTransport transport;
    private final URI endpoint;
    private final boolean pathStyle;
    private final RenewableClient renewal;

    LeanS3Client(LeanTransport transport, URI endpoint, boolean pathStyle, RenewableClient renewal) {
        this.transport = transport;
        this.endpoint = endpoint;
        this.pathStyle = pathStyle;
        this.renewal = renewal;
    }

    @Override
    public void renew() {
        renewal.renew();
    }

    @Override
    public <ReturnT> ReturnT getObject(GetObjectRequest request,
            ResponseTransformer<GetObjectResponse, ReturnT> transformer) {
        Overrides.refuse(request);
        Map<String, String> headers = new LinkedHashMap<>();
        TreeMap<String, String> query = new TreeMap<>();
        for (SdkField<?> field : request.sdkFields()) {
            Object value = field.getValueOrDefault(request);
            if (value == null) {
                continue;
            }
            switch (field.location()) {
                case HEADER -> headers.put(field.locationName(), text(value));
                case QUERY_PARAM -> query.put(SigV4.uriEncode(field.locationName(), false),
                        SigV4.uriEncode(text(value), false));
                case PATH, GREEDY_PATH -> {
                    // the bucket and the key, placed above
                }
                default -> throw new UnsupportedOperationException("GetObject's member " + field.memberName()
                        + " is not sent by the lean client");
            }
        }
        LeanTransport.Answer answer = get(request.bucket(), request.key(), headers, query);
        GetObjectResponse response = response(answer);
        InputStream body = answer.stream();
        AbortableInputStream stream = AbortableInputStream.create(body, () -> answer.connection().disconnect());
        boolean keepOpen = transformer.needsConnectionLeftOpen();
        try {
            return transformer.transform(response, stream);
        } catch (IOException e) {
            throw SdkClientException.builder().message("reading the object failed: " + e.getMessage()).cause(e).build();
        } catch (RuntimeException e) {
            keepOpen = false;
            throw e;
        } catch (Exception e) {
            keepOpen = false;
            throw SdkClientException.builder().message("reading the object failed: " + e.getMessage()).cause(e).build();
        } finally {
            if (!keepOpen) {
                closeQuietly(body);
            }
        }
    }

    /** An object opened by {@link #open}: its bytes, and the version S3 answered ({@code x-amz-version-id}, else null). */
    public record Opened(InputStream stream, String versionId) {
    }

    /**
     * Opens an object (pinned to {@code versionId} when not null), as {@code getObject} would, without the SDK's
     * GetObject request and response classes (a cold start's model download loads none of them). The caller closes
     * the stream. Errors are thrown as {@link #getObject(GetObjectRequest, ResponseTransformer)} throws them.
     */
    public Opened open(String bucket, String key, String versionId) {
        TreeMap<String, String> query = new TreeMap<>();
        if (versionId != null) {
            query.put("versionId", SigV4.uriEncode(versionId, false));
        }
        LeanTransport.Answer answer = get(bucket, key, new LinkedHashMap<>(), query);
        String answered = answer.header("x-amz-version-id");
        return new Opened(answer.stream(), answered);
    }

    /** One GET of an object; an error answer thrown as the SDK's exception. */
    private LeanTransport.Answer get(String bucket, String key, Map<String, String> headers,
            TreeMap<String, String> query) {
        if (bucket == null || bucket.isEmpty() || key == null || key.isEmpty()) {
            throw SdkClientException.create("GetObject needs a bucket and a key");
        }
        boolean virtualHost = !pathStyle && bucket.indexOf('.') < 0;
        URI target = virtualHost
                ? URI.create(endpoint.getScheme() + "://" + bucket + "." + endpoint.getRawAuthority())
                : endpoint;
        String path = (virtualHost ? "" : "/" + SigV4.uriEncode(bucket, false)) + "/" + SigV4.uriEncode(key, true);
        StringBuilder canonicalQuery = new StringBuilder();
        query.forEach((name, value) -> canonicalQuery.append(canonicalQuery.isEmpty() ? "" : "&")
                .append(name).append('=').append(value));
        LeanTransport.Answer answer = transport.send(new LeanTransport.Request("s3", "GET", target, path,
                canonicalQuery.toString(), false, headers, new byte[0], true), LeanS3Client::errorCode);
        if (answer.status() >= 300) {
            throw exception(answer);
        }
        return answer;
    }

    private static GetObjectResponse response(LeanTransport.Answer answer) {
        GetObjectResponse.Builder builder = GetObjectResponse.builder();
        SdkPojo pojo = (SdkPojo) builder;
        for (SdkField<?> field : pojo.sdkFields()) {
            if (field.location() != MarshallLocation.HEADER) {
                continue;
            }
            String name = field.locationName().toLowerCase(Locale.ROOT);
            Object value = switch (field.marshallingType().getKnownType()) {
                case MAP -> prefixed(answer.headers(), name);
                default -> {
                    String text = answer.header(name);
                    yield text == null ? null : parse(field, text);
                }
            };
            if (value != null) {
                field.set(builder, value);
            }
        }
        builder.sdkHttpResponse(SdkHttpResponse.builder().statusCode(answer.status()).build());
        return builder.build();
    }

    private static Map<String, String> prefixed(Map<String, List<String>> headers, String prefix) {
        Map<String, String> values = new LinkedHashMap<>();
        headers.forEach((name, list) -> {
            if (name.startsWith(prefix) && !list.isEmpty()) {
                values.put(name.substring(prefix.length()), list.get(0));
            }
        });
        return values.isEmpty() ? null : values;
    }

    private static Object parse(SdkField<?> field, String text) {
        try {
            return switch (field.marshallingType().getKnownType()) {
                case STRING -> text;
                case INTEGER -> Integer.valueOf(text.trim());
                case LONG -> Long.valueOf(text.trim());
                case BOOLEAN -> Boolean.valueOf(text.trim());
                case INSTANT -> ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                default -> null;
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            return null; // as the SDK does for a header it cannot convert (an Expires that is not a date)
        }
    }

    private static String text(Object value) {
        return value instanceof Instant instant
                ? DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC))
                : String.valueOf(value);
    }

    private static String errorCode(LeanTransport.Answer answer) {
        return match(CODE, answer.body());
    }

    private static AwsServiceException exception(LeanTransport.Answer answer) {
        String code = errorCode(answer);
        String message = match(MESSAGE, answer.body());
        AwsServiceException.Builder builder = ServiceExceptions.builder(S3Exception.class.getPackageName(), code,
                S3Exception::builder);
        String requestId = answer.header("x-amz-request-id");
        return builder.message(message == null ? (code == null ? "HTTP " + answer.status() : code) : message)
                .statusCode(answer.status())
                .requestId(requestId)
                .extendedRequestId(answer.header("x-amz-id-2"))
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName("S3")
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(answer.status()).build())
                        .build())
                .build();
    }

    private static String match(Pattern pattern, byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        Matcher matcher = pattern.matcher(new String(body, 0, Math.min(body.length, 8_192), StandardCharsets.UTF_8));
        return matcher.find() ? matcher.group(1) : null;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the answer was read; a failure to release the connection costs it only
        }
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public S3ServiceClientConfiguration serviceClientConfiguration() {
        throw new UnsupportedOperationException("a lean client has no SDK client configuration");
    }

    @Override
    public void close() {
        // nothing held
    }
}
