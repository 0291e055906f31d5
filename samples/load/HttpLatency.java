import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Sequential latency of one HTTP request, over one kept-alive loopback connection (concurrency 1).
 * Runs with the JDK alone ({@code java samples/load/HttpLatency.java ...}); prints one line of
 * percentiles in milliseconds.
 *
 * <pre>
 * java samples/load/HttpLatency.java URL BODY_FILE [requests=2000] [warmup=500] [content-type=application/json]
 * </pre>
 */
public class HttpLatency {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: HttpLatency URL BODY_FILE [requests] [warmup] [content-type]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        String contentType = args.length > 4 ? args[4] : "application/json";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        for (int i = 0; i < warmup; i++) {
            send(client, request);
        }
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            send(client, request);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
        System.out.printf(Locale.ROOT, "%s requests=%d p50=%.3f p90=%.3f p99=%.3f max=%.3f mean=%.3f ms%n",
                uri.getPath(), requests, pct(nanos, 50), pct(nanos, 90), pct(nanos, 99), nanos[requests - 1] / 1e6, mean);
    }

    private static void send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status " + response.statusCode() + ": " + new String(response.body()));
        }
    }

    private static double pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
