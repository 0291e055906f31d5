import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * HTTP load on loopback, JDK only ({@code java samples/load/HttpLoad.java ...}): at each concurrency,
 * that many kept-alive HTTP/1.1 connections, one thread each, POST the same body (or GET, without
 * {@code --body}).
 *
 * <ul>
 *   <li><b>closed loop</b> (always): each connection sends its next request as soon as the answer
 *       arrives, for {@code --duration} seconds after {@code --warmup}; gives the throughput the
 *       server sustains at that concurrency, and the latencies at that (saturating) load.</li>
 *   <li><b>open loop</b> ({@code --open F}, F a fraction such as 0.7): then requests are scheduled at
 *       a constant rate of F × the closed-loop throughput, spread over the same connections; each
 *       latency is measured from the request's <em>scheduled</em> time, so a stall delays and counts
 *       every request behind it (no coordinated omission, as wrk2 does).</li>
 * </ul>
 *
 * Several comma-separated URLs (with as many {@code --label}s) are measured in one run: each
 * connection thread sends to them in turn, so a before/after comparison sees the same machine load.
 * {@code --body}, {@code --content-type} and {@code --header} ({@code "Name: value"}, or empty for
 * none) take one value for all URLs or one per URL, comma-separated (a JSON body beside a binary one,
 * with its {@code Inference-Header-Content-Length}). With {@code --bytes}, the bytes of each request
 * and answer (status line, headers and body) are counted and printed per target.
 *
 * <p>The client is a minimal blocking HTTP/1.1 client on a socket (TCP_NODELAY), far lighter than
 * {@code java.net.http}, because client and server share the machine's cores. Every answer must be
 * 200. With {@code --pid}, the server's resident memory (VmRSS of /proc/PID/status) is read before
 * the first step and at the end of each. Prints one line per step and appends CSV rows to {@code --csv}.
 * Latencies include the client's own work on the same cores.
 *
 * <pre>
 * java samples/load/HttpLoad.java --url http://127.0.0.1:8080/v2/models/iris/infer \
 *     --body samples/requests/oip-infer-iris-1.1.0.json [--concurrency 1,4,16,64] [--duration 10]
 *     [--warmup 3] [--open 0.7] [--label iris] [--csv target/http-load.csv] [--pid PID]
 *     [--content-type T[,T...]] [--header "Name: value"[,...]] [--bytes true]
 * </pre>
 */
public class HttpLoad {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        List<URI> uris = Arrays.stream(require(opts, "url").split(",")).map(String::trim).map(URI::create).toList();
        List<String> bodies = perTarget(opts.get("body"), uris.size(), "--body");
        List<String> contentTypes = perTarget(opts.getOrDefault("content-type", "application/json"), uris.size(),
                "--content-type");
        List<String> headers = perTarget(opts.get("header"), uris.size(), "--header");
        int[] concurrencies = Arrays.stream(opts.getOrDefault("concurrency", "1,4,16,64").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        double duration = Double.parseDouble(opts.getOrDefault("duration", "10"));
        double warmup = Double.parseDouble(opts.getOrDefault("warmup", "3"));
        double open = Double.parseDouble(opts.getOrDefault("open", "0"));
        List<String> labels = opts.containsKey("label") ? Arrays.asList(opts.get("label").split(","))
                : uris.stream().map(u -> u.getPort() + u.getPath()).toList();
        if (labels.size() != uris.size()) {
            throw new IllegalArgumentException("give one --label per URL");
        }
        String pid = opts.get("pid");
        Path csv = opts.containsKey("csv") ? Path.of(opts.get("csv")) : null;
        List<byte[]> requests = new ArrayList<>();
        for (int t = 0; t < uris.size(); t++) {
            byte[] body = bodies.get(t) != null ? Files.readAllBytes(Path.of(bodies.get(t))) : null;
            requests.add(request(uris.get(t), body, contentTypes.get(t), headers.get(t)));
        }
        if (Boolean.parseBoolean(opts.getOrDefault("bytes", "false"))) {
            for (int t = 0; t < uris.size(); t++) {
                Connection connection = new Connection(uris.get(t));
                long answer = connection.exchange(requests.get(t));
                connection.closeQuietly();
                System.out.printf(Locale.ROOT, "%s bytes: request=%d answer=%d%n", labels.get(t), requests.get(t).length,
                        answer);
            }
        }

        if (csv != null && (!Files.exists(csv) || Files.size(csv) == 0)) {
            if (csv.getParent() != null) {
                Files.createDirectories(csv.getParent());
            }
            Files.writeString(csv, "label,mode,concurrency,target_rps,requests,seconds,rps,p50_ms,p90_ms,p99_ms,max_ms,"
                    + "rss_mb\n", StandardCharsets.UTF_8);
        }
        if (pid != null) {
            System.out.printf(Locale.ROOT, "%s server VmRSS at rest: %.1f MB%n", labels.get(0), rssMb(pid));
            append(csv, String.format(Locale.ROOT, "%s,rest,0,0,0,0,0,0,0,0,0,%.1f%n", labels.get(0), rssMb(pid)));
        }
        for (int c : concurrencies) {
            List<Step> closed = run(uris, requests, c, warmup, duration, 0);
            double total = 0;
            for (int t = 0; t < uris.size(); t++) {
                report(labels.get(t), "closed", c, 0, closed.get(t), pid, csv);
                total += closed.get(t).rps();
            }
            if (open > 0) {
                double rate = total * open;
                List<Step> paced = run(uris, requests, c, warmup, duration, rate);
                for (int t = 0; t < uris.size(); t++) {
                    report(labels.get(t), "open", c, rate / uris.size(), paced.get(t), pid, csv);
                }
            }
        }
    }

    /** What one step measured: every latency (ns, sorted) and how long the measured window lasted. */
    record Step(long[] nanos, double seconds) {
        double rps() {
            return nanos.length / seconds;
        }

        double pct(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * nanos.length) - 1;
            return nanos[Math.max(0, Math.min(nanos.length - 1, index))] / 1e6;
        }
    }

    /**
     * One step: {@code concurrency} threads for warm-up plus measured seconds, each with one
     * connection per target, sending to the targets in turn (so that targets compared in one run see
     * the same machine); {@code rate} 0 is closed loop, else requests per second scheduled over all
     * threads. Returns one step per target.
     */
    static List<Step> run(List<URI> uris, List<byte[]> requests, int concurrency, double warmupSeconds, double seconds,
            double rate) throws Exception {
        int targets = uris.size();
        long start = System.nanoTime() + 50_000_000L; // every thread connected first
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        long interval = rate > 0 ? (long) (1e9 / rate) : 0;
        AtomicLong nextSlot = new AtomicLong();
        List<List<long[]>> results = new ArrayList<>();
        for (int t = 0; t < targets; t++) {
            results.add(new ArrayList<>());
        }
        List<Throwable> failures = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            int first = i % targets;
            Thread thread = new Thread(() -> {
                LongList[] latencies = new LongList[targets];
                Connection[] connections = new Connection[targets];
                try {
                    for (int t = 0; t < targets; t++) {
                        latencies[t] = new LongList();
                        connections[t] = new Connection(uris.get(t));
                    }
                    for (long n = first; ; n++) {
                        int target = (int) (n % targets);
                        long scheduled;
                        if (interval > 0) {
                            long slot = nextSlot.getAndIncrement();
                            target = (int) (slot % targets);
                            scheduled = start + slot * interval;
                            if (scheduled >= end) {
                                break;
                            }
                            long wait;
                            while ((wait = scheduled - System.nanoTime()) > 0) {
                                LockSupport.parkNanos(wait);
                            }
                        } else {
                            long wait;
                            while ((wait = start - System.nanoTime()) > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            scheduled = System.nanoTime();
                            if (scheduled >= end) {
                                break;
                            }
                        }
                        connections[target].exchange(requests.get(target));
                        long finished = System.nanoTime();
                        if (scheduled >= measureFrom && scheduled < end) {
                            latencies[target].add(finished - scheduled);
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    for (Connection connection : connections) {
                        if (connection != null) {
                            connection.closeQuietly();
                        }
                    }
                    synchronized (results) {
                        for (int t = 0; t < targets; t++) {
                            if (latencies[t] != null) {
                                results.get(t).add(latencies[t].toArray());
                            }
                        }
                    }
                    done.countDown();
                }
            }, "load-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        done.await();
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " connection(s) failed; first: " + failures.get(0),
                    failures.get(0));
        }
        List<Step> steps = new ArrayList<>();
        for (int t = 0; t < targets; t++) {
            long[] all = results.get(t).stream().flatMapToLong(Arrays::stream).toArray();
            Arrays.sort(all);
            steps.add(new Step(all, seconds));
        }
        return steps;
    }

    static void report(String label, String mode, int concurrency, double rate, Step step, String pid, Path csv)
            throws IOException {
        double rss = pid != null ? rssMb(pid) : Double.NaN;
        System.out.printf(Locale.ROOT, "%s %-6s c=%-3d %s requests=%d rps=%.0f p50=%.3f p90=%.3f p99=%.3f max=%.3f ms%s%n",
                label, mode, concurrency, rate > 0 ? String.format(Locale.ROOT, "target=%.0f/s", rate) : "",
                step.nanos().length, step.rps(), step.pct(50), step.pct(90), step.pct(99), step.pct(100),
                pid != null ? String.format(Locale.ROOT, " rss=%.1fMB", rss) : "");
        append(csv, String.format(Locale.ROOT, "%s,%s,%d,%.0f,%d,%.1f,%.1f,%.3f,%.3f,%.3f,%.3f,%s%n", label, mode,
                concurrency, rate, step.nanos().length, step.seconds(), step.rps(), step.pct(50), step.pct(90),
                step.pct(99), step.pct(100), pid != null ? String.format(Locale.ROOT, "%.1f", rss) : ""));
    }

    static void append(Path csv, String line) throws IOException {
        if (csv != null) {
            Files.writeString(csv, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The server's resident set (VmRSS) in MB. */
    static double rssMb(String pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** One value per target: {@code value} split at commas, or repeated when it is one value (or absent: nulls). */
    static List<String> perTarget(String value, int targets, String option) {
        List<String> values = new ArrayList<>();
        if (value == null) {
            for (int t = 0; t < targets; t++) {
                values.add(null);
            }
            return values;
        }
        String[] parts = value.split(",", -1);
        if (parts.length != 1 && parts.length != targets) {
            throw new IllegalArgumentException("give one " + option + " for all URLs or one per URL");
        }
        for (int t = 0; t < targets; t++) {
            String part = parts[parts.length == 1 ? 0 : t].trim();
            values.add(part.isEmpty() ? null : part);
        }
        return values;
    }

    /** A POST of {@code body} (with {@code header}, "Name: value", when not null), or a GET when it is null. */
    static byte[] request(URI uri, byte[] body, String contentType, String header) {
        String path = uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        if (body == null) {
            return ("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + port(uri) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + port(uri) + "\r\nContent-Type: "
                + contentType + "\r\nContent-Length: " + body.length + "\r\n" + (header != null ? header + "\r\n" : "")
                + "Connection: keep-alive\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : 80;
    }

    /** One kept-alive HTTP/1.1 connection: write a request, read one whole answer. */
    static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private byte[] buffer = new byte[64 * 1024];
        private int start;
        /** Bytes of answers read so far. */
        private long consumed;
        private int end;

        Connection(URI uri) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), port(uri)), 5000);
            socket.setSoTimeout(60_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        /** Sends the request and reads the answer; returns the answer's bytes on the wire (chunk framing included). */
        long exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            long before = consumed;
            int headerEnd = readUntilHeaderEnd();
            String head = new String(buffer, start, headerEnd - start, StandardCharsets.ISO_8859_1);
            consumed += headerEnd - start;
            start = headerEnd;
            int status = Integer.parseInt(head.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                readChunked();
            } else if (length >= 0) {
                skip(length);
            } else {
                throw new IOException("an answer without Content-Length or chunked encoding");
            }
            if (status != 200) {
                throw new IOException("status " + status);
            }
            return consumed - before;
        }

        private int readUntilHeaderEnd() throws IOException {
            int scanned = 3; // bytes after start already looked at (fill() may move start, never what follows it)
            while (true) {
                for (int i = start + scanned; i < end; i++) {
                    if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
                        return i + 1;
                    }
                }
                scanned = Math.max(3, end - start);
                fill();
            }
        }

        private void fill() throws IOException {
            if (start > 0 && start == end) {
                start = 0;
                end = 0;
            }
            if (end == buffer.length) {
                if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                } else {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                throw new IOException("connection closed by the server");
            }
            end += n;
        }

        private void skip(long length) throws IOException {
            long left = length;
            while (left > 0) {
                if (start == end) {
                    fill();
                }
                int take = (int) Math.min(left, end - start);
                start += take;
                consumed += take;
                left -= take;
            }
        }

        private String line() throws IOException {
            while (true) {
                for (int i = start + 1; i < end; i++) {
                    if (buffer[i] == '\n' && buffer[i - 1] == '\r') {
                        String line = new String(buffer, start, i - 1 - start, StandardCharsets.ISO_8859_1);
                        consumed += i + 1 - start;
                        start = i + 1;
                        return line;
                    }
                }
                fill();
            }
        }

        private void readChunked() throws IOException {
            while (true) {
                String size = line();
                int semicolon = size.indexOf(';');
                long length = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                if (length == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    return;
                }
                skip(length);
                line();
            }
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a connection at the end of a step; nothing to do
            }
        }
    }

    /** A growable array of longs (no boxing on the measured path). */
    static final class LongList {
        private long[] values = new long[1 << 16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    static String require(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            System.err.println("usage: HttpLoad --url URL [--body FILE] [--concurrency 1,4,16,64] [--duration S] "
                    + "[--warmup S] [--open FRACTION] [--label TEXT] [--csv FILE] [--pid PID] [--content-type T]");
            System.exit(2);
        }
        return value;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value pairs, not " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }
}
