import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load with changes: sends many inference requests at a fixed concurrency to a running modelfn (the
 * local runner, or the test application) while the traffic weights of an endpoint change every
 * interval through the admin API and, halfway, the canary is rolled back by the alarm event a
 * CloudWatch alarm would send ({@code POST /local/events}). Then it checks, from what it recorded
 * (each response's status, {@code X-ModelFn-Variant}, send and receive times, and the time of each
 * weight change):
 * <ul>
 *   <li>no response was a 5xx (nor any other error: every request is valid);</li>
 *   <li>no request was served by a variant whose weight had been 0 for longer than the allowed lag
 *       (the server's registry refresh interval plus a grace for one registry read): a request that
 *       was sent after {@code change + lag} and answered before the next change, by a variant at 0.</li>
 * </ul>
 * Runs with the JDK alone; prints a report and one JSON summary line; exits 0 when both checks hold.
 *
 * <pre>
 * java samples/load/LoadWithChanges.java [--url http://127.0.0.1:8080] [--token TOKEN] [--requests 100000]
 *     [--concurrency 32] [--change-every-ms 1000] [--refresh-ms 1000] [--grace-ms 250]
 *     [--rollback events|none] [--event FILE] [--trace FILE.csv]
 * </pre>
 * The token defaults to {@code $MODELFN_ADMIN_TOKEN}, else the file the local runner writes
 * ({@code $TMPDIR/modelfn-local-admin-token}).
 */
public class LoadWithChanges {

    static final List<String> VARIANTS = List.of("stable", "canary", "blue");
    /** Weights before the rollback, in turn: every variant spends time at 0, and at 100 %. */
    static final List<int[]> BEFORE = List.of(new int[] {8000, 2000, 0}, new int[] {5000, 2500, 2500},
            new int[] {0, 5000, 5000}, new int[] {0, 10000, 0}, new int[] {7000, 0, 3000}, new int[] {0, 0, 10000},
            new int[] {3400, 3300, 3300}, new int[] {10000, 0, 0});
    /** After the rollback the canary stays at 0; stable and blue keep changing. */
    static final List<int[]> AFTER = List.of(new int[] {5000, 0, 5000}, new int[] {0, 0, 10000},
            new int[] {10000, 0, 0}, new int[] {2000, 0, 8000});
    static final String BODY = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],"
            + "\"data\":[5.1,3.5,1.4,0.2]}]}";

    /** A weight change as the client saw it: sent, acknowledged, the weights after it. */
    record Change(long sentNanos, long ackNanos, int[] weights, String what) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        String url = opts.getOrDefault("url", "http://127.0.0.1:8080").replaceAll("/$", "");
        int requests = Integer.parseInt(opts.getOrDefault("requests", "100000"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "32"));
        long changeEveryMs = Long.parseLong(opts.getOrDefault("change-every-ms", "1000"));
        long refreshMs = Long.parseLong(opts.getOrDefault("refresh-ms", "1000"));
        long graceMs = Long.parseLong(opts.getOrDefault("grace-ms", "250"));
        boolean rollback = !"none".equals(opts.getOrDefault("rollback", "events"));
        String token = token(opts.get("token"));
        Path eventFile = Path.of(opts.getOrDefault("event", findEvent()));
        String endpoint = opts.getOrDefault("endpoint", "loadtest-" + Long.toString(System.currentTimeMillis(), 36));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
        Admin admin = new Admin(client, url, token);

        // The endpoint: stable on iris 1.0.0, canary and blue on iris 1.1.0; all traffic on stable at first.
        List<Change> changes = new ArrayList<>();
        long sent = System.nanoTime();
        admin.call("endpoints/put", "{\"endpoint\":\"" + endpoint + "\",\"variants\":["
                + "{\"name\":\"stable\",\"model\":\"iris\",\"version\":\"1.0.0\",\"weight\":10000},"
                + "{\"name\":\"canary\",\"model\":\"iris\",\"version\":\"1.1.0\",\"weight\":0},"
                + "{\"name\":\"blue\",\"model\":\"iris\",\"version\":\"1.1.0\",\"weight\":0}]}");
        changes.add(new Change(sent, System.nanoTime(), new int[] {10000, 0, 0}, "created"));
        URI infer = URI.create(url + "/v2/models/" + endpoint + "/infer");
        waitUntilServed(client, infer, Duration.ofSeconds(30));
        for (String v : List.of("1.0.0", "1.1.0")) { // load both versions before the clock starts
            send(client, URI.create(url + "/v2/models/iris/versions/" + v + "/infer"), null);
        }

        // Load: `concurrency` workers, each sending one request at a time until `requests` are sent.
        long[] sentAt = new long[requests];
        long[] receivedAt = new long[requests];
        int[] status = new int[requests];
        byte[] variant = new byte[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        CountDownLatch finished = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            workers.execute(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        sentAt[i] = System.nanoTime();
                        HttpResponse<Void> response;
                        try {
                            response = send(client, infer, "caller-" + i);
                            status[i] = response.statusCode();
                            String name = response.headers().firstValue("X-ModelFn-Variant").orElse("?");
                            variant[i] = (byte) VARIANTS.indexOf(name);
                        } catch (IOException | InterruptedException e) {
                            status[i] = -1;
                            variant[i] = -1;
                        }
                        receivedAt[i] = System.nanoTime();
                        done.incrementAndGet();
                    }
                } finally {
                    finished.countDown();
                }
            });
        }

        // Changes: new weights every interval; halfway, the alarm event rolls the canary back.
        String rollbackOutcome = "not sent";
        int step = 0;
        boolean rolledBack = false;
        while (finished.getCount() > 0) {
            Thread.sleep(changeEveryMs);
            if (finished.getCount() == 0) {
                break;
            }
            if (rollback && !rolledBack && done.get() >= requests / 2) {
                int[] withCanary = {5000, 5000, 0};
                sent = System.nanoTime();
                admin.weights(endpoint, withCanary);
                changes.add(new Change(sent, System.nanoTime(), withCanary, "weights before the alarm"));
                String event = Files.readString(eventFile).replace("\"Endpoint\": \"iris\"", "\"Endpoint\": \"" + endpoint + "\"");
                sent = System.nanoTime();
                rollbackOutcome = admin.post("/local/events", event);
                long ack = System.nanoTime();
                int[] after = admin.weightsOf(endpoint);
                changes.add(new Change(sent, ack, after, "rolled back by the alarm event"));
                rolledBack = true;
                if (!rollbackOutcome.contains("ROLLED_BACK") || after[1] != 0) {
                    throw new IllegalStateException("the alarm event did not roll the canary back: " + rollbackOutcome
                            + " weights " + java.util.Arrays.toString(after));
                }
                continue;
            }
            int[] weights = (rolledBack ? AFTER : BEFORE).get(step++ % (rolledBack ? AFTER : BEFORE).size());
            sent = System.nanoTime();
            admin.weights(endpoint, weights);
            changes.add(new Change(sent, System.nanoTime(), weights, "weights"));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        workers.shutdown();

        // Checks.
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> served = new TreeMap<>();
        for (int i = 0; i < requests; i++) {
            statuses.merge(status[i], 1, Integer::sum);
            served.merge(variant[i] >= 0 ? VARIANTS.get(variant[i]) : "none", 1, Integer::sum);
        }
        long allowedNanos = (refreshMs + graceMs) * 1_000_000L;
        int violations = 0;
        long maxLagNanos = 0;
        List<String> examples = new ArrayList<>();
        for (int v = 0; v < VARIANTS.size(); v++) {
            for (int c = 0; c < changes.size(); c++) {
                Change change = changes.get(c);
                if (change.weights()[v] != 0 || (c > 0 && changes.get(c - 1).weights()[v] == 0)) {
                    continue; // only windows that start when v goes to 0
                }
                int end = c + 1;
                while (end < changes.size() && changes.get(end).weights()[v] == 0) {
                    end++;
                }
                long from = change.ackNanos();
                long until = end < changes.size() ? changes.get(end).sentNanos() : Long.MAX_VALUE;
                for (int i = 0; i < requests; i++) {
                    if (variant[i] != v || receivedAt[i] > until || receivedAt[i] < from) {
                        continue;
                    }
                    long lag = sentAt[i] - from;
                    maxLagNanos = Math.max(maxLagNanos, lag);
                    if (lag > allowedNanos) {
                        violations++;
                        if (examples.size() < 5) {
                            examples.add(String.format(Locale.ROOT, "request %d sent %d ms after %s went to 0 was served by it",
                                    i, lag / 1_000_000, VARIANTS.get(v)));
                        }
                    }
                }
            }
        }
        int serverErrors = statuses.entrySet().stream().filter(e -> e.getKey() >= 500 || e.getKey() < 0)
                .mapToInt(Map.Entry::getValue).sum();
        int notOk = statuses.entrySet().stream().filter(e -> e.getKey() != 200).mapToInt(Map.Entry::getValue).sum();
        long[] latencies = new long[requests];
        for (int i = 0; i < requests; i++) {
            latencies[i] = receivedAt[i] - sentAt[i];
        }
        java.util.Arrays.sort(latencies);
        boolean pass = notOk == 0 && violations == 0;

        System.out.printf(Locale.ROOT, "%d requests at concurrency %d against %s in %d ms (%.0f req/s); p50 %.2f ms, "
                + "p99 %.2f ms, max %.2f ms%n", requests, concurrency, infer, millis, requests * 1000.0 / millis,
                latencies[requests / 2] / 1e6, latencies[(int) (requests * 0.99)] / 1e6, latencies[requests - 1] / 1e6);
        System.out.printf("statuses %s; served by %s%n", statuses, served);
        System.out.printf(Locale.ROOT, "%d weight changes (every %d ms), rollback: %s%n", changes.size() - 1, changeEveryMs,
                rolledBack ? "by the alarm event" : "none");
        System.out.printf(Locale.ROOT, "variant at weight 0: served at most %d ms after the change (allowed %d ms = refresh "
                + "%d ms + grace %d ms); %d violations%n", maxLagNanos / 1_000_000, allowedNanos / 1_000_000, refreshMs,
                graceMs, violations);
        examples.forEach(e -> System.out.println("  " + e));
        System.out.printf(Locale.ROOT, "{\"requests\":%d,\"concurrency\":%d,\"millis\":%d,\"notOk\":%d,\"serverErrors\":%d,"
                + "\"changes\":%d,\"rolledBack\":%b,\"maxZeroWeightLagMs\":%d,\"allowedLagMs\":%d,\"violations\":%d,"
                + "\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"pass\":%b}%n", requests, concurrency, millis, notOk, serverErrors,
                changes.size() - 1, rolledBack, maxLagNanos / 1_000_000, allowedNanos / 1_000_000, violations,
                latencies[requests / 2] / 1e6, latencies[(int) (requests * 0.99)] / 1e6, pass);
        if (opts.containsKey("trace")) {
            writeTrace(Path.of(opts.get("trace")), start, changes, sentAt, receivedAt, status, variant);
        }
        client.executor().ifPresent(e -> ((ExecutorService) e).shutdown());
        System.exit(pass ? 0 : 1);
    }

    static HttpResponse<Void> send(HttpClient client, URI uri, String routingKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY));
        if (routingKey != null) {
            request.header("X-ModelFn-Routing-Key", routingKey);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    static void waitUntilServed(HttpClient client, URI uri, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (send(client, uri, null).statusCode() == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(uri + " does not answer 200 after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** The admin API, with the bearer token. */
    record Admin(HttpClient client, String url, String token) {
        String call(String function, String body) throws IOException, InterruptedException {
            return post("/admin/" + function, body);
        }

        String post(String path, String body) throws IOException, InterruptedException {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }

        void weights(String endpoint, int[] w) throws IOException, InterruptedException {
            call("endpoints/weights", String.format(Locale.ROOT, "{\"endpoint\":\"%s\",\"weights\":{\"stable\":%d,"
                    + "\"canary\":%d,\"blue\":%d},\"reason\":\"load with changes\"}", endpoint, w[0], w[1], w[2]));
        }

        int[] weightsOf(String endpoint) throws IOException, InterruptedException {
            String body = call("endpoints/describe", "{\"endpoint\":\"" + endpoint + "\"}");
            Matcher m = Pattern.compile("\"name\":\"([a-z0-9-]+)\",\"model\":\"[^\"]*\",\"version\":\"[^\"]*\",\"weight\":(\\d+)")
                    .matcher(body);
            int[] weights = new int[VARIANTS.size()];
            while (m.find()) {
                weights[VARIANTS.indexOf(m.group(1))] = Integer.parseInt(m.group(2));
            }
            return weights;
        }
    }

    static void writeTrace(Path file, long start, List<Change> changes, long[] sentAt, long[] receivedAt, int[] status,
            byte[] variant) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.println("kind,sent_ms,received_ms,status_or_weights,variant_or_what");
            for (Change c : changes) {
                out.printf(Locale.ROOT, "change,%.3f,%.3f,%s,%s%n", (c.sentNanos() - start) / 1e6, (c.ackNanos() - start) / 1e6,
                        c.weights()[0] + "/" + c.weights()[1] + "/" + c.weights()[2], c.what());
            }
            for (int i = 0; i < sentAt.length; i++) {
                out.printf(Locale.ROOT, "request,%.3f,%.3f,%d,%s%n", (sentAt[i] - start) / 1e6, (receivedAt[i] - start) / 1e6,
                        status[i], variant[i] >= 0 ? VARIANTS.get(variant[i]) : "none");
            }
        }
        System.out.println("trace written to " + file);
    }

    static String token(String given) throws IOException {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String env = System.getenv("MODELFN_ADMIN_TOKEN");
        if (env != null && !env.isBlank()) {
            return env;
        }
        Path file = Path.of(System.getenv().getOrDefault("TMPDIR", "/tmp"), "modelfn-local-admin-token");
        if (Files.isRegularFile(file)) {
            return Files.readString(file).trim();
        }
        throw new IllegalArgumentException("no admin token: pass --token, set MODELFN_ADMIN_TOKEN or run samples/run-local.sh");
    }

    static String findEvent() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path event = dir.resolve("samples/events/cloudwatch-alarm-action-canary-errors.json");
            if (Files.isRegularFile(event)) {
                return event.toString();
            }
        }
        return "samples/events/cloudwatch-alarm-action-canary-errors.json";
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: LoadWithChanges [--url URL] [--token T] [--requests N] [--concurrency C] "
                        + "[--change-every-ms MS] [--refresh-ms MS] [--grace-ms MS] [--rollback events|none] [--event FILE] "
                        + "[--endpoint NAME] [--trace FILE]");
                System.exit(2);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
