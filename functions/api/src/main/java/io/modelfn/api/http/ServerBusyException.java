package io.modelfn.api.http;

/** Every worker is busy and the queue of calls waiting for one is full (503): the caller may retry shortly. */
public class ServerBusyException extends RuntimeException {

    public ServerBusyException(String message) {
        super(message);
    }
}
