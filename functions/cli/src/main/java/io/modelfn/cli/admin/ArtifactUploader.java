package io.modelfn.cli.admin;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a model artifact to the URL {@code uploads/prepare} gave. No Authorization header: the URL
 * itself is pre-signed or carries a token. The file is streamed, never held in memory.
 */
public final class ArtifactUploader {

    static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);

    /** Headers java.net.http sets itself and refuses to be given. */
    private static final Set<String> SET_BY_HTTP_CLIENT = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final Pattern S3_ERROR_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final HttpClient http;

    public ArtifactUploader(HttpClient http) {
        this.http = http;
    }

    /**
     * Uploads {@code file} to {@code target}; returns when it answered 2xx.
     *
     * @throws UploadFailedException when the URL refuses the file or cannot be reached
     */
    public void upload(UploadTarget target, Path file) {
        String where = target.url().getHost();
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(target.url())
                    .timeout(UPLOAD_TIMEOUT)
                    .method(target.method(), HttpRequest.BodyPublishers.ofFile(file));
        } catch (IOException e) {
            throw new UploadFailedException(0, "cannot read " + file + ": " + e.getMessage(), e);
        }
        target.headers().forEach((name, value) -> {
            if (!SET_BY_HTTP_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                request.header(name, value);
            }
        });
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UploadFailedException(0, "upload of " + file.getFileName() + " to " + where + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadFailedException(0, "interrupted while uploading " + file.getFileName(), e);
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw new UploadFailedException(status, "upload of " + file.getFileName() + " to " + where
                    + " refused: HTTP " + status + reason(response.body()), null);
        }
    }

    /** S3 answers errors in XML; anything else is quoted briefly. */
    private static String reason(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        Matcher s3 = S3_ERROR_MESSAGE.matcher(body);
        return ": " + (s3.find() ? s3.group(1) : AdminClient.quote(body));
    }
}
