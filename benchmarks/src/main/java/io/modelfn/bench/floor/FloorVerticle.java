package io.modelfn.bench.floor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One event loop of the floor: an HTTP/1.1 server (keep-alive, TCP_NODELAY) that serves
 * {@code POST /v2/models/{m}/versions/{v}/infer} on that loop: read the body, decode, run the model,
 * encode, send. Nothing else runs per request: no routing framework, no metrics, no logs. Requests of
 * one loop share one {@link FloorRequest}, so the input buffer is never allocated again.
 */
final class FloorVerticle extends AbstractVerticle {

    static final String READY_PATH = "/v2/health/ready";
    /** modelfn's default limit on a prediction body. */
    static final long MAX_BODY_BYTES = 5L << 20;

    private static final CharSequence JSON_TYPE = HttpHeaders.createOptimized("application/json");
    private static final JsonFactory ERRORS = new JsonFactory();

    private final String host;
    private final int port;
    private final Map<String, FloorModel> modelsByPath;
    private final FloorCodec codec;
    private final FloorRequest request = new FloorRequest(1024);

    FloorVerticle(String host, int port, Map<String, FloorModel> modelsByPath, FloorCodec codec) {
        this.host = host;
        this.port = port;
        this.modelsByPath = modelsByPath;
        this.codec = codec;
    }

    /** The path modelfn serves a pinned version's inference on. */
    static String inferPath(String model, String version) {
        return "/v2/models/" + model + "/versions/" + version + "/infer";
    }

    @Override
    public void start(Promise<Void> started) {
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
                .setCompressionSupported(false);
        vertx.createHttpServer(options).requestHandler(this::handle).listen()
                .onSuccess(server -> started.complete()).onFailure(started::fail);
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.equals(READY_PATH) && req.method() == HttpMethod.GET) {
            req.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE).end("{\"ready\":true}");
            return;
        }
        FloorModel model = modelsByPath.get(path);
        if (model == null) {
            error(req, 404, "no such model version: the floor serves " + modelsByPath.keySet());
            return;
        }
        if (req.method() != HttpMethod.POST) {
            error(req, 405, "inference is a POST");
            return;
        }
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared = length == null ? 0 : parseLength(length);
        if (declared < 0) {
            error(req, 400, "Content-Length is not a number");
            return;
        }
        if (declared > MAX_BODY_BYTES) {
            error(req, 413, "the body is over " + MAX_BODY_BYTES + " bytes");
            return;
        }
        req.body().onComplete(body -> {
            if (body.failed()) {
                error(req, 400, "the body could not be read");
            } else {
                serve(req, model, body.result());
            }
        });
    }

    private void serve(HttpServerRequest req, FloorModel model, Buffer body) {
        ByteBuf bytes = body.getByteBuf();
        try {
            if (bytes.hasArray()) {
                codec.decode(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes(), request);
            } else {
                byte[] copy = body.getBytes();
                codec.decode(copy, 0, copy.length, request);
            }
            Buffer answer = Buffer.buffer(Math.max(256, body.length()));
            model.answer(request, codec, new BufferOutputStream(answer));
            req.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE).end(answer);
        } catch (FloorRequestException e) {
            error(req, 400, e.getMessage());
        } catch (IOException e) {
            error(req, 500, "the answer could not be written");
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void error(HttpServerRequest req, int status, String message) {
        Buffer body = Buffer.buffer(64 + message.length());
        try (JsonGenerator g = ERRORS.createGenerator(new BufferOutputStream(body))) {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        req.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE).end(body);
    }
}
