package io.modelfn.bench.floor;

/** A request the floor cannot serve because of the client: answered 400 with {@code {"error": ...}}. */
final class FloorRequestException extends RuntimeException {

    FloorRequestException(String message) {
        super(message, null, false, false);
    }
}
