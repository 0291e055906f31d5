package io.modelfn.admin.contract;

/** An endpoint's shadow. */
public record ShadowInfo(String model, String version, int sampleRate) {
}
