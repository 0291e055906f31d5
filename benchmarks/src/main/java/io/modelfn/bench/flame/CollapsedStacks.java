package io.modelfn.bench.flame;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Stack samples folded into the "collapsed" format of flame graphs: one line per distinct stack,
 * frames from the root to the leaf joined by {@code ;}, then a space and the number of samples.
 * A frame is {@code package.Class.method}. Stacks JFR truncated (deeper than its stack depth) keep
 * their top frames under a {@code [truncated]} root, so that leaf costs stay right.
 */
public final class CollapsedStacks {

    private final Map<String, Long> counts = new HashMap<>();
    private long total;

    /** The stacks of every {@code event} in {@code jfr} whose thread name passes {@code threads}. */
    public static CollapsedStacks fromJfr(Path jfr, String event, Predicate<String> threads) throws IOException {
        CollapsedStacks stacks = new CollapsedStacks();
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals(event)) {
                    continue;
                }
                RecordedStackTrace trace = e.getStackTrace();
                var thread = e.hasField("sampledThread") ? e.getThread("sampledThread") : e.getThread();
                if (trace == null || trace.getFrames().isEmpty()
                        || (thread != null && !threads.test(String.valueOf(thread.getJavaName())))) {
                    continue;
                }
                stacks.add(frames(trace), 1);
            }
        }
        return stacks;
    }

    /** The event types in {@code jfr} with how many events of each it holds. */
    public static Map<String, Long> eventCounts(Path jfr) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                counts.merge(file.readEvent().getEventType().getName(), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** Root-first frame names of one stack trace. */
    static List<String> frames(RecordedStackTrace trace) {
        List<String> names = new ArrayList<>(trace.getFrames().size() + 1);
        for (RecordedFrame frame : trace.getFrames()) {
            RecordedMethod method = frame.getMethod();
            names.add(method == null ? "[unknown]" : method.getType().getName() + "." + method.getName());
        }
        if (trace.isTruncated()) {
            names.add("[truncated]");
        }
        Collections.reverse(names);
        return names;
    }

    /** Adds {@code samples} of the root-first stack {@code frames}. */
    public void add(List<String> frames, long samples) {
        StringBuilder key = new StringBuilder();
        for (String frame : frames) {
            if (!key.isEmpty()) {
                key.append(';');
            }
            key.append(frame.replace(';', ':').replace(' ', '_'));
        }
        counts.merge(key.toString(), samples, Long::sum);
        total += samples;
    }

    public long total() {
        return total;
    }

    /** Each distinct root-first stack and its samples. */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** Writes the collapsed lines, stacks sorted (as the flame graph tools expect). */
    public void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (var e : counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                out.write(e.getKey() + " " + e.getValue() + "\n");
            }
        }
    }

    /** Samples whose stack contains a frame passing {@code frame} (each stack counted once). */
    public long inclusive(Predicate<String> frame) {
        long n = 0;
        for (var e : counts.entrySet()) {
            for (String f : e.getKey().split(";")) {
                if (frame.test(f)) {
                    n += e.getValue();
                    break;
                }
            }
        }
        return n;
    }

    /** Samples per leaf frame (self time), largest first. */
    public List<Map.Entry<String, Long>> selfByFrame() {
        Map<String, Long> self = new HashMap<>();
        counts.forEach((stack, n) -> self.merge(stack.substring(stack.lastIndexOf(';') + 1), n, Long::sum));
        return self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
    }

    /** Samples per frame anywhere on the stack (inclusive time, each stack counted once per frame), largest first. */
    public List<Map.Entry<String, Long>> inclusiveByFrame() {
        Map<String, Long> inclusive = new HashMap<>();
        counts.forEach((stack, n) -> {
            for (String f : new java.util.LinkedHashSet<>(List.of(stack.split(";")))) {
                inclusive.merge(f, n, Long::sum);
            }
        });
        return inclusive.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
    }
}
