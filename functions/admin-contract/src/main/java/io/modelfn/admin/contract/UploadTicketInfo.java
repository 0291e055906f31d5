package io.modelfn.admin.contract;

import java.util.Map;

/** {@code admin/uploads/prepare}: where and how to upload an artifact, and the source to register it from. */
public record UploadTicketInfo(String url, String method, Map<String, String> headers, String location, String expiresAt) {
}
