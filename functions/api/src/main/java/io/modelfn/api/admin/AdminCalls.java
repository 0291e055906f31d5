package io.modelfn.api.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.api.http.RequestContext;
import io.modelfn.core.admin.ValidationFailedException;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ModelRegistry;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What every admin call shares: who is calling (for the audit trail) and safe retries of mutations
 * with an {@code Idempotency-Key}: the first call's result, success or a completed failure such as
 * a failed validation, is stored and answered again without changing anything.
 */
@ApplicationScoped
public class AdminCalls {

    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Inject
    CurrentVertxRequest current;

    @Inject
    ModelRegistry registry;

    /** The change record of this request: actor, reason, idempotency key, request id. */
    private Change change(String reason) {
        var context = current.getCurrent();
        return new Change(AdminGuard.principal(context), reason, idempotencyKey(), RequestContext.requestId(context));
    }

    /**
     * Runs a mutation at most once per idempotency key.
     *
     * @param request the body as sent, which a retry with the same key must repeat
     * @param reason why, for the audit trail
     * @param answer the type of the answer, read back from the stored result on a retry
     */
    public <R> R mutate(String function, JsonNode request, String reason, Class<R> answer, Function<Change, R> mutation) {
        Change change = change(reason);
        String stored = registry.idempotent(change.idempotencyKey(), fingerprint(function, request), () -> {
            try {
                ObjectNode ok = Json.MAPPER.createObjectNode();
                ok.set("result", Json.MAPPER.valueToTree(mutation.apply(change)));
                return ok.toString();
            } catch (ValidationFailedException e) {
                // A completed call with a failed outcome: stored, so a retry gets the same answer.
                ObjectNode failed = Json.MAPPER.createObjectNode();
                failed.put("status", 422);
                failed.put("message", e.getMessage());
                failed.set("details", Json.MAPPER.valueToTree(AdminAnswers.validationFailure(e)));
                return Json.MAPPER.createObjectNode().set("failure", failed).toString();
            }
        });
        JsonNode outcome = parse(stored);
        if (outcome.has("failure")) {
            JsonNode failure = outcome.get("failure");
            throw new ReplayedFailureException(failure.path("status").asInt(422), failure.path("message").asText(),
                    failure.get("details"));
        }
        try {
            // Stored by whichever version of the function ran first: a field this one does not know is
            // read past, not a failure of the retry.
            return Json.MAPPER.readerFor(answer).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(outcome.get("result"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String idempotencyKey() {
        var context = current.getCurrent();
        String key = context == null ? null : context.request().getHeader(IDEMPOTENCY_HEADER);
        if (key == null || key.isBlank()) {
            return null;
        }
        if (!KEY.matcher(key).matches()) {
            throw new InvalidAdminRequestException(IDEMPOTENCY_HEADER + " must be 1-128 letters, digits or . _ : -");
        }
        return key;
    }

    private static String fingerprint(String function, JsonNode request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(function.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Json.MAPPER.writeValueAsBytes(request == null ? Json.MAPPER.nullNode() : request));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
