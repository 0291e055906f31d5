package io.modelfn.admin.contract;

import java.util.List;

/** {@code admin/endpoints}: every endpoint. */
public record EndpointList(List<EndpointInfo> endpoints) {
}
