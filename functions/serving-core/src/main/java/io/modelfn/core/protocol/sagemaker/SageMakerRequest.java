package io.modelfn.core.protocol.sagemaker;

import io.modelfn.core.model.Signature;
import io.modelfn.core.prediction.ProtocolRequest;
import io.modelfn.core.protocol.BodyReader;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.tensor.Tensor;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@code POST /invocations} of the SageMaker container contract: JSON {@code instances} or
 * {@code inputs}, or CSV rows, decoded against the signature of the version that answers.
 */
public final class SageMakerRequest implements ProtocolRequest {

    /** The header SageMaker passes through as is: {@code key=value} pairs. */
    public static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";

    private final SageMakerCodec codec;
    private final String endpoint;
    private final String missingEndpoint;
    private final String version;
    private final String contentType;
    private final String accept;
    private final InputStream body;
    private final long limit;
    private byte[] bytes;

    /**
     * @param endpoint the endpoint named by the caller or configuration, or null
     * @param missingEndpoint what to tell a caller who named none
     * @param version a pinned version or alias, or null
     */
    public SageMakerRequest(SageMakerCodec codec, String endpoint, String missingEndpoint, String version,
            String contentType, String accept, InputStream body, long limit) {
        this.codec = codec;
        this.endpoint = blankToNull(endpoint);
        this.missingEndpoint = missingEndpoint;
        this.version = blankToNull(version);
        this.contentType = contentType;
        this.accept = accept;
        this.body = body;
        this.limit = limit;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String pinnedVersion() {
        return version;
    }

    @Override
    public void read() {
        codec.requireAcceptable(accept);
        if (endpoint == null) {
            throw new MalformedRequestException(missingEndpoint);
        }
        bytes = BodyReader.read(body, -1, limit);
    }

    @Override
    public Map<String, Tensor> inputs(Signature signature) {
        return codec.decode(contentType, bytes, signature);
    }

    /** The format the answer is written in. */
    public String accept() {
        return accept;
    }

    /** {@code key=value} pairs of the custom attributes header; malformed pairs and overlong headers are ignored. */
    public static Map<String, String> customAttributes(String header) {
        Map<String, String> attributes = new HashMap<>();
        if (header != null && header.length() <= 1024) {
            for (String attribute : header.split(",")) {
                String[] pair = attribute.trim().split("=", 2);
                if (pair.length == 2 && !pair[0].isBlank() && !pair[1].isBlank()) {
                    attributes.putIfAbsent(pair[0].trim(), pair[1].trim());
                }
            }
        }
        return attributes;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
