package io.modelfn.bench.flame;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A flame graph of collapsed stacks as a standalone SVG: roots at the bottom, each frame as wide as
 * its share of the samples, children sorted by name (so equal stacks merge, as in Brendan Gregg's
 * flamegraph.pl); each box's tooltip gives its samples and share. Colours say whose code a frame is:
 * modelfn, ONNX Runtime / DJL, HTTP server (Vert.x, Netty, Quarkus, RESTEasy), JSON (Jackson),
 * logging, the JDK, other.
 */
public final class FlameSvg {

    static final int WIDTH = 1200;
    static final int FRAME_HEIGHT = 16;
    static final int TOP = 40;
    static final int BOTTOM = 40;
    /** Boxes narrower than this many pixels are left out (they would not be visible). */
    static final double MIN_WIDTH = 0.25;

    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        long samples;
    }

    private FlameSvg() {
    }

    public static String render(CollapsedStacks stacks, String title) {
        Node root = new Node();
        int depth = 0;
        for (var e : stacks.counts().entrySet()) {
            String[] frames = e.getKey().split(";");
            depth = Math.max(depth, frames.length);
            Node node = root;
            node.samples += e.getValue();
            for (String frame : frames) {
                node = node.children.computeIfAbsent(frame, f -> new Node());
                node.samples += e.getValue();
            }
        }
        int height = TOP + BOTTOM + (depth + 1) * FRAME_HEIGHT;
        StringBuilder svg = new StringBuilder(1 << 16);
        svg.append(String.format(Locale.ROOT, "<?xml version=\"1.0\" standalone=\"no\"?>%n"
                + "<svg version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">%n",
                WIDTH, height, WIDTH, height));
        svg.append("<style>text { font-family: Verdana, sans-serif; font-size: 11px; fill: #000; } "
                + "rect { stroke: #fff; stroke-width: 0.5; }</style>\n");
        svg.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#f8f8f8\"/>%n", WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" text-anchor=\"middle\" style=\"font-size:16px\">%s</text>%n",
                WIDTH / 2, escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%,d samples. Colours: green modelfn, orange ONNX Runtime/DJL, "
                + "blue HTTP server, yellow JSON, purple logging, red JDK, grey other.</text>%n", height - 14, root.samples));
        double scale = (WIDTH - 20) / (double) Math.max(1, root.samples);
        double x = 10;
        for (var child : sorted(root)) {
            draw(svg, child.getKey(), child.getValue(), x, 0, scale, height, root.samples);
            x += child.getValue().samples * scale;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static Iterable<Map.Entry<String, Node>> sorted(Node node) {
        return node.children.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
    }

    private static void draw(StringBuilder svg, String frame, Node node, double x, int level, double scale, int height,
            long total) {
        double width = node.samples * scale;
        if (width < MIN_WIDTH) {
            return;
        }
        double y = height - BOTTOM - (level + 1) * FRAME_HEIGHT;
        svg.append(String.format(Locale.ROOT,
                "<g><title>%s (%,d samples, %.2f%%)</title><rect x=\"%.2f\" y=\"%.0f\" width=\"%.2f\" height=\"%d\" fill=\"%s\"/>",
                escape(frame), node.samples, 100.0 * node.samples / total, x, y, width, FRAME_HEIGHT - 1, colour(frame)));
        int chars = (int) ((width - 6) / 6.5);
        if (chars >= 3) {
            String label = frame.length() <= chars ? frame : frame.substring(0, chars - 2) + "..";
            svg.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%.0f\">%s</text>", x + 3, y + FRAME_HEIGHT - 4, escape(label)));
        }
        svg.append("</g>\n");
        double childX = x;
        for (var child : sorted(node)) {
            draw(svg, child.getKey(), child.getValue(), childX, level + 1, scale, height, total);
            childX += child.getValue().samples * scale;
        }
    }

    /** Whose code a frame is: modelfn, ONNX Runtime, HTTP server, JSON, logging, JDK or other. */
    static String owner(String frame) {
        if (frame.startsWith("io.modelfn.")) {
            return "modelfn";
        }
        if (frame.startsWith("ai.onnxruntime.") || frame.startsWith("ai.djl.")) {
            return "ONNX Runtime / DJL";
        }
        if (frame.startsWith("io.vertx.") || frame.startsWith("io.netty.") || frame.startsWith("io.quarkus.")
                || frame.startsWith("org.jboss.resteasy.") || frame.startsWith("io.smallrye.")) {
            return "HTTP server";
        }
        if (frame.startsWith("com.fasterxml.jackson.")) {
            return "JSON";
        }
        if (frame.startsWith("org.jboss.logmanager.") || frame.startsWith("org.jboss.logging.")
                || frame.startsWith("java.util.logging.")) {
            return "logging";
        }
        if (frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.")) {
            return "JDK";
        }
        return "other";
    }

    /** The colour of a frame by whose code it is. */
    static String colour(String frame) {
        return switch (owner(frame)) {
            case "modelfn" -> "#8fd18f";
            case "ONNX Runtime / DJL" -> "#f5a35c";
            case "HTTP server" -> "#8fb8e8";
            case "JSON" -> "#eedc6a";
            case "logging" -> "#c59ae0";
            case "JDK" -> "#ef8a80";
            default -> "#c8c8c8";
        };
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
