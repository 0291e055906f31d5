package io.modelfn.bench.flame;

import io.modelfn.bench.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JFR recording to a flame graph: the stacks of one sampling event (default {@code jdk.CPUTimeSample},
 * JDK 25's CPU-time sampler, which also sees threads inside native calls such as ONNX Runtime's; else
 * {@code jdk.ExecutionSample}, which samples threads running Java code only) written as collapsed
 * stacks and an SVG, and the largest costs printed as Markdown: self time by frame, and inclusive time
 * by frame.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.modelfn.bench.flame.FlameGraph --jfr runner.jfr \
 *     --svg docs/img/flame-runner-iris.svg [--collapsed runner.collapsed] [--event jdk.CPUTimeSample]
 *     [--threads REGEX] [--title TEXT] [--top 15]
 * </pre>
 */
public final class FlameGraph {

    private FlameGraph() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = Options.parse(args);
        Path jfr = Path.of(opts.get("jfr"));
        Map<String, Long> events = CollapsedStacks.eventCounts(jfr);
        String event = opts.getOrDefault("event",
                events.getOrDefault("jdk.CPUTimeSample", 0L) > 0 ? "jdk.CPUTimeSample" : "jdk.ExecutionSample");
        Pattern threads = Pattern.compile(opts.getOrDefault("threads", ".*"));
        CollapsedStacks stacks = CollapsedStacks.fromJfr(jfr, event, t -> threads.matcher(t).matches());
        if (stacks.total() == 0) {
            throw new IllegalStateException("no " + event + " samples in " + jfr + " (events: " + events + ")");
        }
        if (opts.containsKey("collapsed")) {
            stacks.write(Path.of(opts.get("collapsed")));
        }
        String title = opts.getOrDefault("title", "CPU flame graph") + " (" + event + ")";
        Path svg = Path.of(opts.get("svg"));
        if (svg.getParent() != null) {
            Files.createDirectories(svg.getParent());
        }
        Files.writeString(svg, FlameSvg.render(stacks, title), StandardCharsets.UTF_8);
        int top = Integer.parseInt(opts.getOrDefault("top", "15"));
        System.out.printf(Locale.ROOT, "%s: %,d %s samples -> %s%n%n", jfr, stacks.total(), event, svg);
        table("Self time (leaf frames)", stacks.selfByFrame(), stacks.total(), top);
        table("Inclusive time (frame anywhere on the stack)", stacks.inclusiveByFrame(), stacks.total(), top);
        Map<String, Long> owners = new java.util.HashMap<>();
        stacks.selfByFrame().forEach(e -> owners.merge(FlameSvg.owner(e.getKey()), e.getValue(), Long::sum));
        table("Self time by whose code the leaf frame is", owners.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList(), stacks.total(), top);
    }

    private static void table(String heading, List<Map.Entry<String, Long>> rows, long total, int top) {
        System.out.printf("| %s | samples | share |%n| --- | ---:| ---:|%n", heading);
        rows.stream().limit(top).forEach(e -> System.out.printf(Locale.ROOT, "| `%s` | %,d | %.1f %% |%n",
                e.getKey(), e.getValue(), 100.0 * e.getValue() / total));
        System.out.println();
    }
}
