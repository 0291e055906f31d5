package io.modelfn.admin.contract;

/** A variant of an endpoint. */
public record VariantInfo(String name, String model, String version, int weight) {
}
