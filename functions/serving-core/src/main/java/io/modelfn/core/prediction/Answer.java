package io.modelfn.core.prediction;

/** A served prediction and the protocol request it answers, for the protocol to encode. */
public record Answer<R extends ProtocolRequest>(R request, Prediction prediction) {
}
