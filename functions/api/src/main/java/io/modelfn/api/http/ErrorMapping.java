package io.modelfn.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.modelfn.admin.contract.InvalidAdminCallException;
import io.modelfn.core.registry.write.IllegalTransitionException;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.artifact.InvalidModelArtifactException;
import io.modelfn.core.backend.BackendFailureException;
import io.modelfn.core.backend.BackendRejectedException;
import io.modelfn.core.backend.BackendTimeoutException;
import io.modelfn.core.model.InvalidModelCardException;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.IdempotencyKeyReusedException;
import io.modelfn.core.cache.ModelNotReadyException;
import io.modelfn.core.inference.ModelLoadException;
import io.modelfn.core.prediction.InvalidInputException;
import io.modelfn.core.prediction.NoServableVersionException;
import io.modelfn.core.monitoring.FeedbackUnavailableException;
import io.modelfn.core.predictiontoken.ExpiredPredictionTokenException;
import io.modelfn.core.predictiontoken.ForgedPredictionTokenException;
import io.modelfn.core.predictiontoken.MalformedPredictionTokenException;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.NotAcceptableException;
import io.modelfn.core.protocol.LengthRequiredException;
import io.modelfn.core.protocol.PayloadTooLargeException;
import io.modelfn.core.protocol.UnsupportedContentTypeException;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.RegistryUnavailableException;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.store.ArtifactNotFoundException;
import io.modelfn.core.store.ModelSourceRefusedException;
import io.modelfn.core.store.ModelStoreUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The one place where exceptions become HTTP statuses. Every adapter (JAX-RS resources, Funqy
 * functions, Vert.x routes) asks this class; nothing else chooses a status for an error.
 *
 * <p>A client's mistake is a 4xx with a message that says what to fix. A failure of ours is a 5xx:
 * 503 when it is worth retrying (registry, store or model not ready), 502 or 504 when a remote
 * backend failed or timed out, 500 otherwise, and a 5xx never carries internal details, only the
 * request id to find them in the logs. A remote backend's 4xx passes through with its message.
 */
public final class ErrorMapping {

    private static final Map<Class<? extends Throwable>, Integer> STATUS = Map.ofEntries(
            Map.entry(MalformedRequestException.class, 400),
            Map.entry(InvalidInputException.class, 400),
            Map.entry(EndpointNotFoundException.class, 404),
            Map.entry(VersionNotFoundException.class, 404),
            Map.entry(NotAcceptableException.class, 406),
            Map.entry(AuthenticationRequiredException.class, 401),
            Map.entry(MalformedPredictionTokenException.class, 400),
            Map.entry(ForgedPredictionTokenException.class, 401),
            Map.entry(ExpiredPredictionTokenException.class, 403),
            Map.entry(FeedbackUnavailableException.class, 503),
            Map.entry(ServerBusyException.class, 503),
            Map.entry(LengthRequiredException.class, 411),
            Map.entry(PayloadTooLargeException.class, 413),
            Map.entry(UnsupportedContentTypeException.class, 415),
            Map.entry(RegistryUnavailableException.class, 503),
            Map.entry(ModelLoadException.class, 503),
            Map.entry(ModelNotReadyException.class, 503),
            Map.entry(NoServableVersionException.class, 503),
            Map.entry(ModelStoreUnavailableException.class, 503),
            Map.entry(ArtifactNotFoundException.class, 503),
            Map.entry(ModelSourceRefusedException.class, 503),
            Map.entry(InvalidModelArtifactException.class, 503),
            Map.entry(InvalidAdminRequestException.class, 400),
            Map.entry(InvalidAdminCallException.class, 400),
            Map.entry(InvalidModelCardException.class, 400),
            Map.entry(ConflictException.class, 409),
            Map.entry(IllegalTransitionException.class, 409),
            Map.entry(IdempotencyKeyReusedException.class, 422),
            // Statuses of a remote backend: the exact one is chosen in of().
            Map.entry(BackendRejectedException.class, 400),
            Map.entry(BackendFailureException.class, 502),
            Map.entry(BackendTimeoutException.class, 504));

    private static final Logger LOG = Logger.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    /** The status and client message for a failure, or for a bare status code with no exception. */
    public static ApiError of(Throwable failure, int statusHint, String requestId) {
        failure = unwrap(failure);
        if (failure == null) {
            return ofStatus(statusHint);
        }
        if (failure instanceof DetailedFailure detailed) {
            return new ApiError(detailed.status(), failure.getMessage(), detailed.details());
        }
        if (failure instanceof BackendRejectedException rejected) {
            // The backend's own answer to the caller's mistake, passed through.
            return new ApiError(rejected.status(), rejected.getMessage());
        }
        if (failure instanceof BackendFailureException backend) {
            // The message names the backend (a URL, an endpoint): for the logs, not for clients.
            return new ApiError(backend.status(), (backend.status() == 503 ? "the model's backend is not ready; "
                    : "the model's backend failed; ") + "the failure is logged under request id " + orUnknown(requestId));
        }
        if (failure instanceof BackendTimeoutException) {
            return new ApiError(504, "the model's backend did not answer in time; request id " + orUnknown(requestId));
        }
        Integer status = statusOf(failure.getClass());
        if (status != null) {
            String message = failure.getMessage();
            if (status == 503 && !(failure instanceof RegistryUnavailableException) && !(failure instanceof ModelNotReadyException)
                    && !(failure instanceof NoServableVersionException) && !(failure instanceof FeedbackUnavailableException)
                    && !(failure instanceof ServerBusyException)) {
                // The cause names folders, buckets and files: for the logs, not for clients.
                message = "model not available now; the failure is logged under request id "
                        + (requestId == null ? "unknown" : requestId);
            }
            return new ApiError(status, message);
        }
        if (failure instanceof JsonProcessingException json) {
            return new ApiError(400, Json.describe(json));
        }
        if (failure instanceof WebApplicationException web) {
            int code = web.getResponse().getStatus();
            return code >= 500 ? internal(requestId) : ofStatus(code);
        }
        if (statusHint >= 400 && statusHint < 500) {
            // The HTTP layer refused the request (an undecodable path, a bad header) with a client status.
            return ofStatus(statusHint);
        }
        return internal(requestId);
    }

    /** The answer to a failure, logged when it is ours (5xx): what every error handler calls. */
    public static ApiError answer(Throwable failure, int statusHint, String requestId) {
        ApiError error = of(failure, statusHint, requestId);
        logServerFailure(LOG, failure, error.status(), requestId);
        return error;
    }

    /** The status a failure is answered with (for the metrics record of a failed prediction). */
    public static int status(Throwable failure) {
        return of(failure, 500, null).status();
    }

    /** The exception a framework wrapped ours in (Funqy's ApplicationException, completion stages). */
    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 5; depth++) {
            String name = current.getClass().getName();
            boolean wrapper = name.equals("io.quarkus.funqy.runtime.ApplicationException")
                    || current instanceof java.util.concurrent.CompletionException
                    || current instanceof java.util.concurrent.ExecutionException;
            if (!wrapper || current.getCause() == null) {
                return current;
            }
            current = current.getCause();
        }
        return current;
    }

    private static Integer statusOf(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Integer status = STATUS.get(c);
            if (status != null) {
                return status;
            }
        }
        return null;
    }

    private static String orUnknown(String requestId) {
        return requestId == null ? "unknown" : requestId;
    }

    private static ApiError internal(String requestId) {
        return new ApiError(500, "internal error; request id " + (requestId == null ? "unknown" : requestId));
    }

    /** Messages for statuses raised by the HTTP layer itself (routing, body limits, methods). */
    public static ApiError ofStatus(int status) {
        return new ApiError(status, switch (status) {
            case 400 -> "bad request: the body is not valid JSON for this function";
            case 401 -> "authentication required";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable";
            case 408 -> "the request body did not arrive in time";
            case 411 -> "length required";
            case 413 -> "request body is larger than the limit";
            case 414 -> "the request target (path and query) is too long";
            case 415 -> "unsupported content type";
            case 431 -> "the request headers are too large";
            case 429 -> "too many requests";
            case 503 -> "service unavailable";
            default -> status >= 500 ? "internal error" : "request refused";
        });
    }

    /**
     * Logs a failure of ours: a 500 (a bug) at ERROR with its stack trace; a 502/503/504 (a dependency
     * down, slow or not ready: registry, store, model load, backend) at WARN on one line with the causes'
     * messages, since an outage would otherwise write a stack trace per request.
     */
    static void logServerFailure(Logger log, Throwable failure, int status, String requestId) {
        if (status < 500) {
            return;
        }
        if (status == 500 || failure == null) {
            log.errorf(failure, "request %s failed with %d", requestId, status);
            return;
        }
        StringBuilder causes = new StringBuilder();
        for (Throwable t = unwrap(failure); t != null && causes.length() < 2000; t = t.getCause()) {
            causes.append(causes.length() == 0 ? "" : "; caused by ").append(t.getClass().getSimpleName())
                    .append(": ").append(t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        log.warnf("request %s failed with %d: %s", requestId, status, causes);
    }
}
