package io.modelfn.core.prediction;

import io.modelfn.core.model.Signature;
import io.modelfn.core.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * One request as a protocol reads it, in the order the prediction path asks for it: the endpoint
 * and version it names, then its body (read and checked before routing: content type, size, syntax,
 * the protocol's own fields), then its inputs, decoded against the signature of the version that
 * answers (the simple JSON and CSV protocols need it; the inference protocol does not).
 *
 * <p>Implementations live with their codecs in the protocol packages. One instance per request; not
 * thread-safe. Every failure is a typed exception of the protocol (400, 406, 413, 415).
 */
public interface ProtocolRequest {

    /** The endpoint (or model) asked for: known from the path before {@link #read()}, from the body after it. */
    String endpoint();

    /** A version or alias the caller pinned, or null to let the endpoint route. */
    String pinnedVersion();

    /** Reads and checks the body: after it, {@link #endpoint()} is not null. */
    void read();

    /** The routing key the protocol itself carries (a body field or parameter), or null. */
    default String routingKey() {
        return null;
    }

    /** The inputs, decoded against the signature of the version that answers. */
    Map<String, Tensor> inputs(Signature signature);

    /** Names of the outputs asked for; empty for all. */
    default List<String> outputs() {
        return List.of();
    }

    /**
     * Whether a modelfn front end forwarded this request to this process (a backend): it runs here,
     * on the named version, and is never forwarded again.
     */
    default boolean forwarded() {
        return false;
    }

    /** The request id the protocol carries (a forwarding front end's), or null to use the caller's. */
    default String requestId() {
        return null;
    }
}
