package io.modelfn.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The table of "Throughput against the floor": from {@code floor.csv} (the closed-loop rows that
 * {@code samples/load/HttpLoad.java} appends, labelled {@code <server>-<model>-r<run>}), per model and
 * concurrency the median over runs of each server's throughput, p50 and p99, and the ratios to the
 * floor (throughput and p99) and of modelfn to FastAPI.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.modelfn.bench.report.FloorTable floor.csv floor.md
 * </pre>
 */
public final class FloorTable {

    static final String FLOOR = "floor";
    static final String FASTAPI = "fastapi";
    /** The servers in the order of the table's columns; each compared with the floor but the floor itself. */
    static final List<String> ORDER = List.of(FLOOR, "modelfn", "before", FASTAPI);

    private record Key(String server, String model, int concurrency) {
    }

    private record Figures(double rps, double p50, double p99) {
    }

    private final Map<Key, List<double[]>> rows = new LinkedHashMap<>();
    private final Set<String> models = new LinkedHashSet<>();
    private final Set<String> servers = new LinkedHashSet<>();
    private final Set<Integer> concurrencies = new TreeSet<>();

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: FloorTable <floor.csv> <floor.md>");
        }
        String table = read(Path.of(args[0])).markdown();
        Files.writeString(Path.of(args[1]), table, StandardCharsets.UTF_8);
        System.out.print(table);
    }

    static FloorTable read(Path csv) throws IOException {
        FloorTable table = new FloorTable();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length < 10 || !f[1].equals("closed")) {
                continue;
            }
            String label = f[0];
            int dash = label.indexOf('-');
            int run = label.lastIndexOf("-r");
            if (dash < 0 || run <= dash) {
                throw new IllegalArgumentException("label " + label + " is not <server>-<model>-r<run>");
            }
            String server = label.substring(0, dash);
            String model = label.substring(dash + 1, run);
            Key key = new Key(server, model, Integer.parseInt(f[2]));
            table.models.add(model);
            table.servers.add(server);
            table.concurrencies.add(key.concurrency());
            table.rows.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new double[] {Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[9])});
        }
        return table;
    }

    String markdown() {
        List<String> present = ORDER.stream().filter(servers::contains).toList();
        List<String> compared = present.stream().filter(s -> !s.equals(FLOOR) && !s.equals(FASTAPI)).toList();
        StringBuilder md = new StringBuilder();
        for (String model : models) {
            int runs = rows.entrySet().stream().filter(e -> e.getKey().model().equals(model))
                    .mapToInt(e -> e.getValue().size()).max().orElse(0);
            md.append(String.format(Locale.ROOT, "### %s: throughput (requests/s) and latency (ms), median of %d run%s%n%n",
                    model, runs, runs == 1 ? "" : "s"));
            md.append("| concurrency |");
            for (String server : present) {
                md.append(' ').append(server).append(" rps | p50 | p99 |");
            }
            for (String server : compared) {
                md.append(' ').append(server).append("/floor rps | ").append(server).append("/floor p99 |");
            }
            if (present.contains(FASTAPI) && present.contains("modelfn")) {
                md.append(" modelfn/fastapi rps |");
            }
            md.append('\n').append("| ---:|");
            int columns = present.size() * 3 + compared.size() * 2
                    + (present.contains(FASTAPI) && present.contains("modelfn") ? 1 : 0);
            md.append(" ---:|".repeat(columns)).append('\n');
            for (int c : concurrencies) {
                Figures floor = median(new Key(FLOOR, model, c));
                md.append("| ").append(c).append(" |");
                for (String server : present) {
                    Figures f = median(new Key(server, model, c));
                    md.append(f == null ? " – | – | – |" : String.format(Locale.ROOT, " %,.0f | %.2f | %.2f |", f.rps(), f.p50(), f.p99()));
                }
                for (String server : compared) {
                    Figures f = median(new Key(server, model, c));
                    md.append(f == null || floor == null ? " – | – |"
                            : String.format(Locale.ROOT, " %.2f | %.2f |", f.rps() / floor.rps(), f.p99() / floor.p99()));
                }
                if (present.contains(FASTAPI) && present.contains("modelfn")) {
                    Figures ours = median(new Key("modelfn", model, c));
                    Figures fastapi = median(new Key(FASTAPI, model, c));
                    md.append(ours == null || fastapi == null ? " – |" : String.format(Locale.ROOT, " %.2f |", ours.rps() / fastapi.rps()));
                }
                md.append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** Medians of each figure over the runs, or null when the server did not run at that step. */
    private Figures median(Key key) {
        List<double[]> runs = rows.get(key);
        if (runs == null || runs.isEmpty()) {
            return null;
        }
        return new Figures(median(runs, 0), median(runs, 1), median(runs, 2));
    }

    private static double median(List<double[]> runs, int column) {
        double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
