package io.modelfn.aws.lean;

/**
 * A client that renews itself in place: it drops what it holds from another time (credentials), where an SDK
 * client would be rebuilt after a SnapStart restore. Connections need nothing: one that went stale in the
 * snapshot fails and its call is tried again on a new one.
 */
public interface RenewableClient {

    /** Drops the credentials held, so the next call fetches fresh ones. */
    void renew();
}
