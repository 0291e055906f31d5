package io.modelfn.api.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.CapturedMetrics;
import io.modelfn.api.testing.Eventually;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.core.model.ModelKey;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.Test;

/**
 * Request payloads never reach the logs. Every log record the application writes while it serves
 * requests carrying a unique marker (in tensor data, input and field names, ids, parameters, routing
 * keys, endpoint names, CSV cells, unparsable JSON tokens, admin bodies), successful and failing
 * (400, 404, 411, 415, 503), is captured from the root logger with its formatted message, parameters,
 * MDC and the messages and stack traces of its exceptions; none of them contains the marker, and
 * neither does any metrics record. Captured at the levels the application runs with, plus DEBUG for
 * our own code ({@code io.modelfn}) and Funqy, which parses function bodies.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class PayloadLogLeakIT {

    private static final List<String> DEBUG_CATEGORIES = List.of("io.modelfn", "io.quarkus.funqy");

    @Inject
    CapturedMetrics metrics;

    /** Keeps every record the root logger's handlers see, as text. */
    private static final class CapturingHandler extends Handler {
        final List<String> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(record.getLoggerName()).append(' ').append(record.getLevel())
                    .append(' ').append(record.getMessage());
            if (record instanceof ExtLogRecord ext) {
                text.append(' ').append(ext.getFormattedMessage()).append(' ').append(ext.getMdcCopy());
            }
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(' ').append(parameter);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(' ').append(trace);
            }
            records.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void no_log_record_should_contain_any_part_of_a_request_payload() {
        // GIVEN a handler on the root logger, DEBUG for our code, and a broken version (for a logged 503)
        String marker = "MFNPAYLOAD" + UUID.randomUUID().toString().replace("-", "");
        ModelKey broken = new ModelKey("leak-broken", "1.0.0");
        BrokenArtifacts.store(broken, new byte[] {1, 2, 3});
        BrokenArtifacts.register(broken, "local:leak-broken/1.0.0/model.onnx", BrokenArtifacts.sha256(new byte[] {1, 2, 3}), 3);
        Logger root = LogContext.getLogContext().getLogger("");
        CapturingHandler handler = new CapturingHandler();
        handler.setLevel(Level.ALL);
        Map<String, Level> levels = new TreeMap<>();
        for (String category : DEBUG_CATEGORIES) {
            Logger logger = LogContext.getLogContext().getLogger(category);
            levels.put(category, logger.getLevel());
            logger.setLevel(Level.FINE);
        }
        root.addHandler(handler);
        Map<String, Integer> statuses = new TreeMap<>();
        try {
            // WHEN requests carrying the marker are served and refused, on every protocol
            for (Request request : requests(marker, broken)) {
                int status = request.send().statusCode();
                statuses.merge(request.what() + " -> " + status, 1, Integer::sum);
            }
            Eventually.pause(Duration.ofMillis(500)); // end-of-request records (request log, metrics)
        } finally {
            root.removeHandler(handler);
            levels.forEach((category, level) -> LogContext.getLogContext().getLogger(category).setLevel(level));
        }

        // THEN records were captured (the request log line of each metered request at least) ...
        System.out.printf("payload log leak: %d requests, %d log records captured; statuses %s%n", statuses.values()
                .stream().mapToInt(Integer::intValue).sum(), handler.records.size(), statuses);
        assertThat(handler.records).anyMatch(r -> r.startsWith("io.modelfn.requests "));
        assertThat(statuses.keySet()).anyMatch(s -> s.endsWith("-> 503")).anyMatch(s -> s.endsWith("-> 200"))
                .anyMatch(s -> s.endsWith("-> 400"));
        // ... and not one of them, nor any metrics record, holds the marker
        assertThat(handler.records).noneMatch(r -> r.contains(marker));
        assertThat(metrics.lines()).noneMatch(line -> line.contains(marker));
    }

    private record Request(String what, RequestSpecification spec, String method, String path) {
        io.restassured.response.Response send() {
            return method.equals("PUT") ? spec.put(path) : spec.post(path);
        }
    }

    private static List<Request> requests(String m, ModelKey broken) {
        String oip = "/v2/models/iris/infer";
        String pinned = "/v2/models/iris/versions/1.1.0/infer";
        String tensor = "{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}";
        List<Request> r = new ArrayList<>();
        // OIP: served (marker in id, parameters, routing key) and refused (names, data, tokens, types)
        r.add(json("oip id", pinned, "{\"id\":\"" + m + "\",\"parameters\":{\"routing_key\":\"" + m + "\"},\"inputs\":[" + tensor + "]}"));
        r.add(withHeader(json("oip routing header", oip, "{\"inputs\":[" + tensor + "]}"), "X-ModelFn-Routing-Key", m));
        r.add(json("oip input name", oip, "{\"inputs\":[{\"name\":\"" + m + "\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1,2,3,4]}]}"));
        r.add(json("oip string data", oip, "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[\"" + m + "\",2,3,4]}]}"));
        r.add(json("oip bytes data", oip, "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"" + m + "\"]}]}"));
        r.add(json("oip unknown field", oip, "{\"" + m + "\":1,\"inputs\":[" + tensor + "]}"));
        r.add(json("oip unquoted token", oip, "{\"inputs\":[" + m + "]}"));
        r.add(json("oip datatype", oip, "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"" + m + "\",\"shape\":[1,4],\"data\":[1,2,3,4]}]}"));
        r.add(json("oip output", oip, "{\"inputs\":[" + tensor + "],\"outputs\":[{\"name\":\"" + m + "\"}]}"));
        r.add(json("oip model name", "/v2/models/" + m + "/infer", "{\"inputs\":[" + tensor + "]}"));
        r.add(json("oip version", "/v2/models/iris/versions/" + m + "/infer", "{\"inputs\":[" + tensor + "]}"));
        r.add(json("oip broken model", "/v2/models/" + broken.name() + "/versions/" + broken.version() + "/infer",
                "{\"id\":\"" + m + "\",\"inputs\":[" + tensor + "]}"));
        r.add(new Request("oip wrong content type", given().contentType("text/plain").body(m), "POST", oip));
        // Funqy predict
        String inputs = "\"inputs\":{\"input\":[[5.1,3.5,1.4,0.2]]}";
        r.add(json("predict routing key", "/predict", "{\"endpoint\":\"iris\",\"routingKey\":\"" + m + "\"," + inputs + "}"));
        r.add(json("predict endpoint", "/predict", "{\"endpoint\":\"" + m + "\"," + inputs + "}"));
        r.add(json("predict version", "/predict", "{\"endpoint\":\"iris\",\"version\":\"" + m + "\"," + inputs + "}"));
        r.add(json("predict field", "/predict", "{\"endpoint\":\"iris\",\"" + m + "\":1," + inputs + "}"));
        r.add(json("predict input name", "/predict", "{\"endpoint\":\"iris\",\"inputs\":{\"" + m + "\":[[1,2,3,4]]}}"));
        r.add(json("predict string value", "/predict", "{\"endpoint\":\"iris\",\"inputs\":{\"input\":[[\"" + m + "\",2,3,4]]}}"));
        r.add(json("predict unquoted token", "/predict", "{\"endpoint\":\"iris\",\"inputs\":" + m + "}"));
        r.add(json("predict bad token start", "/predict", m + "{\"endpoint\":\"iris\"}"));
        r.add(json("predict duplicate key", "/predict", "{\"endpoint\":\"" + m + "\",\"endpoint\":\"iris\"," + inputs + "}"));
        r.add(json("predict output", "/predict", "{\"endpoint\":\"iris\"," + inputs + ",\"outputs\":[\"" + m + "\"]}"));
        // SageMaker
        r.add(new Request("sagemaker csv", given().contentType("text/csv").body(m + ",1,2,3\n"), "POST", "/invocations"));
        r.add(json("sagemaker json", "/invocations", "{\"instances\":[[\"" + m + "\",1,2,3]]}"));
        r.add(json("sagemaker field", "/invocations", "{\"" + m + "\":[[1,2,3,4]]}"));
        r.add(withHeader(json("sagemaker endpoint header", "/invocations", "{\"instances\":[[1,2,3,4]]}"), "X-ModelFn-Endpoint", m));
        r.add(withHeader(json("sagemaker served", "/invocations", "{\"instances\":[[5.1,3.5,1.4,0.2]]}"), "X-ModelFn-Routing-Key", m));
        // Admin (authenticated): bodies naming things that do not exist, unparsable bodies
        r.add(withHeader(json("admin describe", "/admin/endpoints/describe", "{\"endpoint\":\"" + m + "\"}"), "Authorization", "Bearer test-admin-token"));
        r.add(withHeader(json("admin token", "/admin/models", "{}"), "Authorization", "Bearer " + m));
        r.add(withHeader(json("admin unparsable", "/admin/versions/describe", "{\"model\":" + m + "}"), "Authorization", "Bearer test-admin-token"));
        r.add(withHeader(json("admin register", "/admin/versions/register", "{\"model\":\"" + m
                + "\",\"version\":\"1.0.0\",\"card\":{\"x\":\"" + m + "\"}}"), "Authorization", "Bearer test-admin-token"));
        return r;
    }

    private static Request json(String what, String path, String body) {
        return new Request(what, given().contentType("application/json").body(body), "POST", path);
    }

    /** Adds a header to a request description. */
    private static Request withHeader(Request request, String name, String value) {
        return new Request(request.what(), request.spec().header(name, value), request.method(), request.path());
    }
}
