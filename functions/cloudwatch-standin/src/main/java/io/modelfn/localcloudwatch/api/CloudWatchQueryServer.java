package io.modelfn.localcloudwatch.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelfn.localcloudwatch.alarms.AlarmState;
import io.modelfn.localcloudwatch.alarms.CloudWatchStandIn;
import io.modelfn.localcloudwatch.alarms.CloudWatchStandIn.AlarmStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The stand-in's alarms over HTTP, as the AWS SDK for Java 2.40's {@code CloudWatchClient} calls them with
 * an endpoint override: the awsQuery protocol (a form-encoded POST with {@code Action} and
 * {@code Version=2010-08-01}, answered in XML). Served: {@code PutMetricAlarm}, {@code DeleteAlarms},
 * {@code DescribeAlarms} (filters {@code AlarmNames}, {@code AlarmNamePrefix}, {@code StateValue},
 * {@code AlarmTypes}; one page). Another action or a bad request gets 400 with an awsQuery error. Requests
 * are not authenticated (the signature is not checked): bind it to the loopback interface only.
 */
public final class CloudWatchQueryServer implements AutoCloseable {

    private final HttpServer server;
    private final CloudWatchStandIn standIn;

    private CloudWatchQueryServer(HttpServer server, CloudWatchStandIn standIn) {
        this.server = server;
        this.standIn = standIn;
    }

    /** Serves {@code standIn} on 127.0.0.1:{@code port} (0 for a free port). */
    public static CloudWatchQueryServer start(CloudWatchStandIn standIn, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        CloudWatchQueryServer api = new CloudWatchQueryServer(server, standIn);
        server.createContext("/", api::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "cloudwatch-standin-api");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return api;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String form = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getRawQuery();
            QueryParameters q = QueryParameters.parse(query == null ? form : query + "&" + form);
            String xml;
            int status = 200;
            try {
                xml = answer(q);
            } catch (ValidationException e) {
                status = 400;
                xml = AlarmsXml.error("ValidationError", e.getMessage());
            } catch (RuntimeException e) {
                status = 500;
                xml = AlarmsXml.error("InternalServiceError", String.valueOf(e.getMessage()));
            }
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private String answer(QueryParameters q) {
        String action = q.required("Action");
        switch (action) {
            case "PutMetricAlarm" -> {
                standIn.putAlarm(QueryAlarms.definition(q));
                return AlarmsXml.empty(action);
            }
            case "DeleteAlarms" -> {
                standIn.deleteAlarms(q.strings("AlarmNames"));
                return AlarmsXml.empty(action);
            }
            case "DescribeAlarms" -> {
                return AlarmsXml.describeAlarms(describe(q), standIn::alarmArn);
            }
            default -> throw new ValidationException("the CloudWatch stand-in does not serve " + action);
        }
    }

    private List<AlarmStatus> describe(QueryParameters q) {
        List<String> names = q.strings("AlarmNames");
        String prefix = q.get("AlarmNamePrefix");
        String state = q.get("StateValue");
        List<String> types = q.strings("AlarmTypes");
        if (state != null && java.util.Arrays.stream(AlarmState.values()).noneMatch(s -> s.name().equals(state))) {
            throw new ValidationException("StateValue must be OK, ALARM or INSUFFICIENT_DATA");
        }
        if (!types.isEmpty() && !types.contains("MetricAlarm")) {
            return List.of(); // the stand-in has no composite alarms
        }
        return standIn.alarms().stream()
                .filter(a -> names.isEmpty() || names.contains(a.definition().name()))
                .filter(a -> prefix == null || a.definition().name().startsWith(prefix))
                .filter(a -> state == null || a.state().name().equals(state))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
