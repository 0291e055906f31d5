package io.modelfn.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.lambda.direct.DirectInfer;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct infer path against Quarkus's HTTP bridge, on the same API Gateway events in one application: each
 * event goes through the handler's HTTP side with the direct path on ({@link DirectOrBridge} with
 * {@link DirectInfer}) and off (the bridge alone), and both must answer the same status, body and headers
 * (but the values that differ per request), and record the same metrics (EMF lines) and request-log lines.
 * Each case also says which path must have answered it with the direct path on. The metrics are
 * {@link RecordingMetrics}'s; every request gets its log line ({@code modelfn.http.request-log-sample-rate=1}
 * in this module's tests), so that successes are compared too.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class DirectInferEquivalenceIT {

    /** Over the body limit ({@code modelfn.http.max-body-size}, 5 MiB by default), under the HTTP layer's (6 MB). */
    static final int OVERSIZED = 5 * 1024 * 1024 + 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Response headers whose values are new per request (the request id only when the caller sent none). */
    private static final Set<String> PER_REQUEST = Set.of("x-modelfn-prediction-token");
    /** EMF fields measured per request. */
    private static final Set<String> MEASURED = Set.of("Latency", "InferenceLatency", "ModelLoadTime", "EstimatedCost");

    @Inject
    DirectInfer direct;

    @Inject
    RecordingMetrics metrics;

    @Inject
    ModelfnConfig config;

    private final List<String> requestLog = new CopyOnWriteArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            Map<String, String> mdc = record instanceof ExtLogRecord ext ? new TreeMap<>(ext.getMdcCopy()) : Map.of();
            requestLog.add(mdc + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureRequestLog() {
        Logger.getLogger("io.modelfn.requests").addHandler(logCapture);
    }

    @AfterEach
    void releaseRequestLog() {
        Logger.getLogger("io.modelfn.requests").removeHandler(logCapture);
    }

    static Stream<Arguments> cases() throws IOException {
        String iris = "apigw-v2-oip-infer-iris-1.1.0.json";
        String irisBody = sample(iris).path("body").asText();
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("iris infer (JSON) on the endpoint", edit(iris, e -> e.put("rawPath", "/v2/models/iris/infer"))));
        cases.add(Arguments.of("a pinned version", edit(iris, e -> { })));
        cases.add(Arguments.of("a binary tensor request (base64 body)", edit("apigw-v2-oip-infer-binary-digits-1.0.0.json", e -> { })));
        cases.add(Arguments.of("the caller's safe X-Request-Id", edit(iris, e -> header(e, "x-request-id", "caller-id-42"))));
        cases.add(Arguments.of("the caller's unsafe X-Request-Id", edit(iris, e -> header(e, "x-request-id", "bad id <script>"))));
        cases.add(Arguments.of("malformed JSON", edit("apigw-v2-oip-malformed.json", e -> { })));
        cases.add(Arguments.of("a wrong shape", edit(iris, e -> e.put("body", irisBody.replace("[8,4]", "[4,8]")))));
        cases.add(Arguments.of("a wrong datatype", edit(iris, e -> e.put("body", irisBody.replace("FP32", "INT64")))));
        cases.add(Arguments.of("an unknown model", edit("apigw-v2-oip-unknown-model.json", e -> { })));
        cases.add(Arguments.of("an unknown version", edit(iris, e -> e.put("rawPath", "/v2/models/iris/versions/9.9.9/infer"))));
        cases.add(Arguments.of("a form body", edit(iris, e -> header(e, "content-type", "application/x-www-form-urlencoded"))));
        cases.add(Arguments.of("a multipart body", edit(iris, e -> header(e, "content-type", "multipart/form-data; boundary=x"))));
        cases.add(Arguments.of("text/plain", edit(iris, e -> header(e, "content-type", "text/plain"))));
        cases.add(Arguments.of("a malformed media type", edit(iris, e -> header(e, "content-type", "json"))));
        cases.add(Arguments.of("no body", edit(iris, e -> e.remove("body"))));
        cases.add(Arguments.of("an empty body", edit(iris, e -> e.put("body", ""))));
        cases.add(Arguments.of("a declared empty body", edit(iris, e -> header(e, "content-length", "0"))));
        cases.add(Arguments.of("a body over the limit, declared", edit(iris, e -> {
            e.put("body", oversized(irisBody));
            header(e, "content-length", Integer.toString(oversized(irisBody).length()));
        })));
        cases.add(Arguments.of("a body over the limit, undeclared", edit(iris, e -> e.put("body", oversized(irisBody)))));
        cases.add(Arguments.of("its declared length", edit(iris, e -> header(e, "content-length",
                Integer.toString(irisBody.getBytes(StandardCharsets.UTF_8).length)))));
        cases.add(Arguments.of("Accept: text/plain (the bridge's)", edit(iris, e -> header(e, "accept", "text/plain"))));
        cases.add(Arguments.of("Accept: JSON among others", edit(iris, e -> header(e, "accept", "application/json, text/plain;q=0.5"))));
        cases.add(Arguments.of("a routing-key header", edit(iris, e -> {
            e.put("rawPath", "/v2/models/iris/infer");
            header(e, "x-routing-key", "customer-17");
        })));
        cases.add(Arguments.of("a query string", edit(iris, e -> e.put("rawQueryString", "trace=1&x=a%20b"))));
        cases.add(Arguments.of("a query string with a bad escape", edit(iris, e -> e.put("rawQueryString", "x=%zz"))));
        cases.add(Arguments.of("a target over the limit", edit(iris, e -> e.put("rawQueryString", "q=" + "a".repeat(5000)))));
        cases.add(Arguments.of("headers over the limit", edit(iris, e -> header(e, "x-padding", "p".repeat(17_000)))));
        cases.add(Arguments.of("cookies", edit(iris, e -> e.putArray("cookies").add("a=1").add("b=2"))));
        cases.add(Arguments.of("an escaped path (the bridge's)", edit(iris, e -> e.put("rawPath", "/v2/models/ir%69s/infer"))));
        cases.add(Arguments.of("a GET (the bridge's)", edit(iris, e -> ((ObjectNode) e.path("requestContext").path("http"))
                .put("method", "GET"))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void direct_path_should_answer_and_record_as_the_bridge_does(String name, byte[] event) throws IOException {
        assertThat(config.http().maxBodySize().asLongValue()).as("the limit the oversized cases exceed").isLessThan(OVERSIZED);
        // GIVEN the handler's HTTP side with the direct path on, counting what it leaves to the bridge, and the bridge alone
        AtomicInteger bridged = new AtomicInteger();
        DirectOrBridge on = new DirectOrBridge(() -> direct::answer, (in, out, context) -> {
            bridged.incrementAndGet();
            AmazonLambdaRecorder.handle(in, out, context);
        });
        DirectOrBridge off = new DirectOrBridge(() -> null, AmazonLambdaRecorder::handle);
        invoke(off, event); // a first call may load the model: both compared calls find it loaded
        invoke(on, event);
        metrics.take();
        requestLog.clear();
        bridged.set(0);

        // WHEN the same event goes through both
        JsonNode viaBridge = invoke(off, event);
        List<String> bridgeRecords = normalised(metrics.take());
        List<String> bridgeLog = List.copyOf(requestLog);
        requestLog.clear();
        JsonNode viaDirect = invoke(on, event);
        List<String> directRecords = normalised(metrics.take());
        List<String> directLog = List.copyOf(requestLog);

        // THEN the answers are the same: status, body bytes, headers (but per-request values), flags
        String sentId = headerOf(event, "x-request-id");
        assertThat(viaDirect.path("statusCode").asInt()).as(name).isEqualTo(viaBridge.path("statusCode").asInt());
        assertThat(fields(viaDirect)).as(name).isEqualTo(fields(viaBridge));
        assertThat(viaDirect.path("isBase64Encoded")).as(name).isEqualTo(viaBridge.path("isBase64Encoded"));
        assertThat(comparable(viaDirect.path("headers"), sentId)).as(name + ": headers")
                .isEqualTo(comparable(viaBridge.path("headers"), sentId));
        String idBridge = header(viaBridge, "x-request-id");
        String idDirect = header(viaDirect, "x-request-id");
        // (a 5xx answer names the request id)
        assertThat(viaDirect.path("body").asText()).as(name + ": body")
                .isEqualTo(viaBridge.path("body").asText().replace(idBridge, idDirect));
        assertThat(viaDirect.path("cookies")).isEqualTo(viaBridge.path("cookies"));
        assertThat(viaDirect.path("multiValueHeaders")).isEqualTo(viaBridge.path("multiValueHeaders"));
        // AND the same metrics records and request-log lines
        assertThat(directRecords).as(name + ": EMF records")
                .isEqualTo(bridgeRecords.stream().map(line -> line.replace(idBridge, idDirect)).toList());
        assertThat(withoutLatency(directLog)).as(name + ": request log")
                .isEqualTo(withoutLatency(bridgeLog.stream().map(line -> line.replace(idBridge, idDirect)).toList()));
        if (header(viaBridge, "x-modelfn-endpoint") != null) {
            // a call that was served: there is something to compare
            assertThat(bridgeRecords).as(name + ": EMF records of a served call").isNotEmpty();
            assertThat(bridgeLog).as(name + ": request log of a served call").isNotEmpty();
        }
        assertThat(bridged.get()).as(name + ": left to the bridge").isEqualTo(takenDirectly(name) ? 0 : 1);
    }

    /** The cases the direct path leaves to the bridge, by name. */
    private static boolean takenDirectly(String name) {
        return !name.endsWith("(the bridge's)");
    }

    static JsonNode invoke(DirectOrBridge handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, context());
        return JSON.readTree(out.toByteArray());
    }

    /** The top-level field names of a response event. */
    private static List<String> fields(JsonNode response) {
        List<String> names = new ArrayList<>();
        response.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }

    /** Headers by lower-case name, the per-request values (and the request id when the caller sent none) masked. */
    private static Map<String, String> comparable(JsonNode headers, String sentId) {
        Map<String, String> comparable = new TreeMap<>();
        headers.fields().forEachRemaining(header -> {
            String key = header.getKey().toLowerCase(Locale.ROOT);
            boolean perRequest = PER_REQUEST.contains(key) || key.equals("x-request-id") && !safe(sentId);
            comparable.put(key, perRequest ? "<per request>" : header.getValue().asText());
        });
        return comparable;
    }

    private static boolean safe(String id) {
        return id != null && id.matches("[A-Za-z0-9._:-]{1,128}");
    }

    /** EMF lines without their time and measured values, registry lines left out. */
    private static List<String> normalised(List<String> lines) throws IOException {
        List<String> normalised = new ArrayList<>();
        for (String line : lines) {
            ObjectNode record = (ObjectNode) JSON.readTree(line);
            if (record.has("RegistrySource")) {
                continue;
            }
            ((ObjectNode) record.path("_aws")).remove("Timestamp");
            MEASURED.forEach(field -> {
                if (record.has(field)) {
                    record.put(field, "<measured>");
                }
            });
            normalised.add(record.toString());
        }
        return normalised;
    }

    private static List<String> withoutLatency(List<String> lines) {
        return lines.stream().map(line -> line.replaceAll("latencyMs=[0-9.]+", "latencyMs=<measured>")
                .replaceAll(" in [0-9.]+ ms$", " in <measured> ms")).toList();
    }

    private static String header(JsonNode response, String name) {
        var it = response.path("headers").fields();
        while (it.hasNext()) {
            var header = it.next();
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue().asText();
            }
        }
        return null;
    }

    private static String headerOf(byte[] event, String name) throws IOException {
        return JSON.readTree(event).path("headers").path(name).asText(null);
    }

    private static String oversized(String body) {
        return body.replace("{\"id\"", "{\"pad\":\"" + "x".repeat(OVERSIZED) + "\",\"id\"");
    }

    private static ObjectNode sample(String file) throws IOException {
        return (ObjectNode) JSON.readTree(Files.readAllBytes(Path.of(System.getProperty("sample.events.dir", "../../samples/events"))
                .resolve(file)));
    }

    private static byte[] edit(String file, Consumer<ObjectNode> change) throws IOException {
        ObjectNode event = sample(file);
        change.accept(event);
        return JSON.writeValueAsBytes(event);
    }

    private static void header(ObjectNode event, String name, String value) {
        ((ObjectNode) event.path("headers")).put(name, value);
    }

    static Context context() {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> "equivalence-test";
                    case "getRemainingTimeInMillis" -> 60_000;
                    case "getMemoryLimitInMB" -> 0;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}
