package io.modelfn.core.protocol;

import java.util.Locale;

/** The one reading of a {@code Content-Type} header, for every protocol and function. */
public final class ContentTypes {

    public static final String JSON = "application/json";
    /** Raw bytes, as the inference protocol's binary tensor data extension sends them. */
    public static final String OCTET_STREAM = "application/octet-stream";

    private ContentTypes() {
    }

    /** The media type, lower case, without parameters; empty when absent. */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** JSON ({@code application/json} or {@code application/*+json}), or unspecified: many clients send none. */
    public static boolean isJsonOrAbsent(String contentType) {
        String type = mediaType(contentType);
        return type.isEmpty() || type.equals(JSON) || type.startsWith("application/") && type.endsWith("+json");
    }

    /**
     * A form ({@code application/x-www-form-urlencoded}) or multipart body: none of our routes takes
     * one, and the HTTP layer's form decoders must never see it.
     */
    public static boolean isForm(String contentType) {
        String type = mediaType(contentType);
        return type.equals("application/x-www-form-urlencoded") || type.startsWith("multipart/");
    }

    /**
     * @param what who speaks only JSON, for the message (e.g. "the inference protocol")
     * @throws UnsupportedContentTypeException unless the body is JSON or its type is unspecified
     */
    public static void requireJson(String contentType, String what) {
        if (!isJsonOrAbsent(contentType)) {
            String type = mediaType(contentType);
            throw new UnsupportedContentTypeException("content type '" + (type.length() > 64 ? type.substring(0, 64) : type)
                    + "' is not supported; " + what + " speaks application/json");
        }
    }
}
