package io.modelfn.core.protocol.oip;

import io.modelfn.core.model.Signature;
import io.modelfn.core.prediction.ProtocolRequest;
import io.modelfn.core.protocol.BodyReader;
import io.modelfn.core.protocol.ContentTypes;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.tensor.Tensor;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * An Open Inference Protocol inference request as it arrives: the name and version from the path,
 * a JSON body that needs no model to decode. Its routing key is the request parameter
 * {@value #ROUTING_KEY_PARAMETER}.
 */
public final class OipRequest implements ProtocolRequest {

    /** The request parameter that keeps a caller on one variant when the routing-key header is absent. */
    public static final String ROUTING_KEY_PARAMETER = "routing_key";

    private final OipCodec codec;
    private final String name;
    private final String version;
    private final String contentType;
    private final InputStream body;
    private final byte[] bytes;
    private final long limit;
    private final boolean forwarded;
    private final String forwardedRequestId;
    private OipInferRequest decoded;

    private OipRequest(OipCodec codec, String name, String version, String contentType, InputStream body,
            byte[] bytes, long limit, boolean forwarded, String forwardedRequestId) {
        this.codec = codec;
        this.name = name;
        this.version = version;
        this.contentType = contentType;
        this.body = body;
        this.bytes = bytes;
        this.limit = limit;
        this.forwarded = forwarded;
        this.forwardedRequestId = forwardedRequestId;
    }

    /** A client's request to a name, optionally pinned to a version or alias. */
    public static OipRequest of(OipCodec codec, String name, String version, String contentType, InputStream body,
            long limit) {
        return new OipRequest(codec, name, version, contentType, body, null, limit, false, null);
    }

    /** A request whose JSON body is already in memory (priming, tools, benchmarks). */
    public static OipRequest of(OipCodec codec, String name, String version, byte[] body) {
        return new OipRequest(codec, name, version, null, null, body, body.length, false, null);
    }

    /**
     * A request a modelfn front end forwarded to this backend, for one version, under the front end's
     * request id; model or version null is the sender's mistake.
     */
    public static OipRequest forwarded(OipCodec codec, String model, String version, String requestId,
            String contentType, InputStream body, long limit) {
        return new OipRequest(codec, model, version, contentType, body, null, limit, true, requestId);
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
        ContentTypes.requireJson(contentType, "the inference protocol");
        decoded = codec.decodeInferRequest(bytes != null ? bytes : BodyReader.read(body, -1, limit));
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

    /** The request's own id, echoed in the answer; null when absent. */
    public String id() {
        return decoded.id();
    }
}
