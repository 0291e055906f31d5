package io.modelfn.core.protocol.oip;

import io.modelfn.core.model.Signature;
import io.modelfn.core.prediction.ProtocolRequest;
import io.modelfn.core.protocol.BodyReader;
import io.modelfn.core.protocol.ContentTypes;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.PayloadTooLargeException;
import io.modelfn.core.protocol.UnsupportedContentTypeException;
import io.modelfn.core.tensor.Tensor;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * An Open Inference Protocol inference request as it arrives: the name and version from the path,
 * a body that needs no model to decode: JSON, or (with the {@value BinaryTensorExtension#HEADER}
 * header) JSON followed by binary tensor data. Its routing key is the request parameter
 * {@value #ROUTING_KEY_PARAMETER}.
 */
public final class OipRequest implements ProtocolRequest {

    /** The request parameter that keeps a caller on one variant when the routing-key header is absent. */
    public static final String ROUTING_KEY_PARAMETER = "routing_key";

    private final OipCodec codec;
    private final String name;
    private final String version;
    private final String contentType;
    private final String inferenceHeaderLength;
    private final InputStream body;
    private final byte[] bytes;
    private final long limit;
    private final boolean forwarded;
    private final String forwardedRequestId;
    private OipInferRequest decoded;

    private OipRequest(OipCodec codec, String name, String version, String contentType, String inferenceHeaderLength,
            InputStream body, byte[] bytes, long limit, boolean forwarded, String forwardedRequestId) {
        this.codec = codec;
        this.name = name;
        this.version = version;
        this.contentType = contentType;
        this.inferenceHeaderLength = inferenceHeaderLength;
        this.body = body;
        this.bytes = bytes;
        this.limit = limit;
        this.forwarded = forwarded;
        this.forwardedRequestId = forwardedRequestId;
    }

    /** A client's JSON request to a name, optionally pinned to a version or alias. */
    public static OipRequest of(OipCodec codec, String name, String version, String contentType, InputStream body,
            long limit) {
        return of(codec, name, version, contentType, null, body, limit);
    }

    /**
     * A client's request to a name, optionally pinned to a version or alias.
     *
     * @param inferenceHeaderLength the {@value BinaryTensorExtension#HEADER} header, or null when absent
     *     (then the body is JSON only)
     * @param limit the most bytes the whole body may have
     */
    public static OipRequest of(OipCodec codec, String name, String version, String contentType,
            String inferenceHeaderLength, InputStream body, long limit) {
        return new OipRequest(codec, name, version, contentType, inferenceHeaderLength, body, null, limit, false, null);
    }

    /**
     * A client's request whose body the HTTP layer already holds in memory: read without another copy,
     * refused past {@code limit} as a streamed body is.
     *
     * @param inferenceHeaderLength the {@value BinaryTensorExtension#HEADER} header, or null when absent
     */
    public static OipRequest of(OipCodec codec, String name, String version, String contentType,
            String inferenceHeaderLength, byte[] body, long limit) {
        return new OipRequest(codec, name, version, contentType, inferenceHeaderLength, null, body, limit, false, null);
    }

    /** A request whose JSON body is already in memory (priming, tools, benchmarks). */
    public static OipRequest of(OipCodec codec, String name, String version, byte[] body) {
        return new OipRequest(codec, name, version, null, null, null, body, body.length, false, null);
    }

    /**
     * A request a modelfn front end forwarded to this backend, for one version, under the front end's
     * request id; model or version null is the sender's mistake.
     */
    public static OipRequest forwarded(OipCodec codec, String model, String version, String requestId,
            String contentType, InputStream body, long limit) {
        return new OipRequest(codec, model, version, contentType, null, body, null, limit, true, requestId);
    }

    @Override
    public String endpoint() {
        return name;
    }

    @Override
    public String pinnedVersion() {
        return version;
    }

    @Override
    public void read() {
        if (forwarded && (name == null || version == null)) {
            throw new MalformedRequestException("protocol=oip needs the custom attributes model=<name> and version=<version>");
        }
        if (inferenceHeaderLength == null) {
            if (ContentTypes.mediaType(contentType).equals(ContentTypes.OCTET_STREAM)) {
                throw new UnsupportedContentTypeException("an application/octet-stream inference request needs the "
                        + BinaryTensorExtension.HEADER + " header (the length of its JSON part)");
            }
            ContentTypes.requireJson(contentType, "the inference protocol");
            decoded = codec.decodeInferRequest(body());
            return;
        }
        String type = ContentTypes.mediaType(contentType);
        if (!ContentTypes.isJsonOrAbsent(contentType) && !type.equals(ContentTypes.OCTET_STREAM)) {
            throw new UnsupportedContentTypeException("content type '" + OipCodec.abbreviate(type) + "' is not supported;"
                    + " a request with " + BinaryTensorExtension.HEADER + " is application/octet-stream or application/json");
        }
        byte[] all = body();
        decoded = codec.decodeInferRequest(all, BinaryTensorExtension.headerLength(inferenceHeaderLength, all.length));
    }

    /** The whole body, within the limit. */
    private byte[] body() {
        if (bytes == null) {
            return BodyReader.read(body, -1, limit);
        }
        if (bytes.length > limit) {
            throw new PayloadTooLargeException(limit);
        }
        return bytes;
    }

    @Override
    public String routingKey() {
        var parameters = decoded.parameters();
        return !forwarded && parameters != null && parameters.hasNonNull(ROUTING_KEY_PARAMETER)
                ? parameters.get(ROUTING_KEY_PARAMETER).asText() : null;
    }

    @Override
    public Map<String, Tensor> inputs(Signature signature) {
        return decoded.inputs();
    }

    @Override
    public List<String> outputs() {
        return decoded.outputs();
    }

    @Override
    public boolean forwarded() {
        return forwarded;
    }

    @Override
    public String requestId() {
        return forwardedRequestId;
    }

    /** Whether the output named {@code name} is to be answered as binary tensor data. */
    public boolean binaryOutput(String name) {
        return decoded.binaryOutput(name);
    }

    /** The request's own id, echoed in the answer; null when absent. */
    public String id() {
        return decoded.id();
    }
}
