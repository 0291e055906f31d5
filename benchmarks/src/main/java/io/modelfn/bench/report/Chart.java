package io.modelfn.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Bar and line charts as PNG, drawn with Java2D (no dependency): grouped bars over categories, or
 * lines over numeric x values, on a linear or logarithmic y axis, with optional reference lines
 * (targets). Headless; the same data always draws the same pixels.
 */
public final class Chart {

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};
    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 70;
    private static final int BOTTOM = 80;

    /** A named series of values, one per category (bars) or per x (lines); NaN leaves a gap. */
    public record Series(String name, double[] values) {
    }

    /** A horizontal line at {@code y} with a label, e.g. a target. */
    public record Reference(String label, double y) {
    }

    private final String title;
    private final String yLabel;
    private final boolean logY;
    private String xLabel = "";
    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();

    public Chart(String title, String yLabel, boolean logY) {
        this.title = title;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    public Chart xLabel(String label) {
        this.xLabel = label;
        return this;
    }

    public Chart series(String name, double... values) {
        series.add(new Series(name, values));
        return this;
    }

    public Chart reference(String label, double y) {
        references.add(new Reference(label, y));
        return this;
    }

    /** Grouped bars: one group per category, one bar per series. */
    public void bars(List<String> categories, Path png) throws IOException {
        draw(png, (g, axis) -> {
            int plotWidth = WIDTH - LEFT - RIGHT;
            double groupWidth = (double) plotWidth / categories.size();
            double barWidth = groupWidth * 0.8 / series.size();
            for (int c = 0; c < categories.size(); c++) {
                double groupX = LEFT + c * groupWidth + groupWidth * 0.1;
                for (int s = 0; s < series.size(); s++) {
                    double v = series.get(s).values()[c];
                    if (Double.isNaN(v)) {
                        continue;
                    }
                    int x = (int) (groupX + s * barWidth);
                    int y = axis.y(v);
                    g.setColor(PALETTE[s % PALETTE.length]);
                    g.fillRect(x, y, Math.max(1, (int) barWidth - 2), axis.bottom() - y);
                    g.setColor(Color.DARK_GRAY);
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                    String text = format(v);
                    FontMetrics m = g.getFontMetrics();
                    g.drawString(text, x + (int) (barWidth - 2 - m.stringWidth(text)) / 2, y - 3);
                }
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
                FontMetrics m = g.getFontMetrics();
                String name = categories.get(c);
                g.drawString(name, (int) (LEFT + c * groupWidth + (groupWidth - m.stringWidth(name)) / 2),
                        axis.bottom() + 20);
            }
        }, 0);
    }

    /** Lines over numeric x values (logarithmic x when {@code logX}). */
    public void lines(double[] xs, boolean logX, Path png) throws IOException {
        double minX = logX ? Math.log10(xs[0]) : xs[0];
        double maxX = logX ? Math.log10(xs[xs.length - 1]) : xs[xs.length - 1];
        draw(png, (g, axis) -> {
            int plotWidth = WIDTH - LEFT - RIGHT - 40;
            java.util.function.DoubleToIntFunction px = x -> {
                double v = logX ? Math.log10(x) : x;
                return LEFT + 20 + (int) ((v - minX) / (maxX - minX == 0 ? 1 : maxX - minX) * plotWidth);
            };
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            for (double x : xs) {
                g.setColor(new Color(0xe0e0e0));
                g.drawLine(px.applyAsInt(x), TOP, px.applyAsInt(x), axis.bottom());
                g.setColor(Color.BLACK);
                String text = format(x);
                g.drawString(text, px.applyAsInt(x) - g.getFontMetrics().stringWidth(text) / 2, axis.bottom() + 20);
            }
            for (int s = 0; s < series.size(); s++) {
                double[] values = series.get(s).values();
                g.setColor(PALETTE[s % PALETTE.length]);
                g.setStroke(new BasicStroke(2.5f));
                int lastX = -1;
                int lastY = -1;
                for (int i = 0; i < xs.length; i++) {
                    if (Double.isNaN(values[i])) {
                        lastX = -1;
                        continue;
                    }
                    int x = px.applyAsInt(xs[i]);
                    int y = axis.y(values[i]);
                    if (lastX >= 0) {
                        g.drawLine(lastX, lastY, x, y);
                    }
                    g.fillOval(x - 4, y - 4, 8, 8);
                    lastX = x;
                    lastY = y;
                }
            }
        }, 1);
    }

    @FunctionalInterface
    private interface Painter {
        void paint(Graphics2D g, Axis axis);
    }

    /** The y axis: value to pixel. */
    private record Axis(double min, double max, boolean log) {
        int bottom() {
            return HEIGHT - BOTTOM;
        }

        int y(double v) {
            double span = log ? Math.log10(max) - Math.log10(min) : max - min;
            double at = log ? Math.log10(Math.max(v, min)) - Math.log10(min) : v - min;
            return bottom() - (int) (at / span * (HEIGHT - TOP - BOTTOM));
        }
    }

    private void draw(Path png, Painter painter, int legendOffset) throws IOException {
        double max = references.stream().mapToDouble(Reference::y).max().orElse(0);
        double min = Double.MAX_VALUE;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        for (Reference r : references) {
            min = Math.min(min, r.y());
        }
        Axis axis = logY
                ? new Axis(Math.pow(10, Math.floor(Math.log10(Math.max(min, 1e-9)))),
                        Math.pow(10, Math.ceil(Math.log10(max * 1.5))), true)
                : new Axis(0, niceCeiling(max * 1.15), false);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
            g.drawString(title, LEFT, 30);
            gridAndTicks(g, axis);
            painter.paint(g, axis);
            for (Reference r : references) {
                int y = axis.y(r.y());
                g.setColor(new Color(0xc00000));
                g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 5}, 0));
                g.drawLine(LEFT, y, WIDTH - RIGHT, y);
                g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 12));
                g.drawString(r.label(), WIDTH - RIGHT - g.getFontMetrics().stringWidth(r.label()) - 4, y - 4);
            }
            legend(g);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1));
            g.drawLine(LEFT, TOP, LEFT, axis.bottom());
            g.drawLine(LEFT, axis.bottom(), WIDTH - RIGHT, axis.bottom());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - g.getFontMetrics().stringWidth(xLabel)) / 2, HEIGHT - 25);
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM + g.getFontMetrics().stringWidth(yLabel)) / 2), 22);
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private void gridAndTicks(Graphics2D g, Axis axis) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        List<Double> ticks = new ArrayList<>();
        if (axis.log()) {
            for (double t = axis.min(); t <= axis.max() * 1.0001; t *= 10) {
                ticks.add(t);
            }
        } else {
            double step = niceCeiling(axis.max() / 6);
            for (double t = 0; t <= axis.max() * 1.0001; t += step) {
                ticks.add(t);
            }
        }
        for (double t : ticks) {
            int y = axis.y(t);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.BLACK);
            String text = format(t);
            g.drawString(text, LEFT - 8 - g.getFontMetrics().stringWidth(text), y + 4);
        }
    }

    private void legend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = LEFT;
        for (int s = 0; s < series.size(); s++) {
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(x, 44, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s).name(), x + 20, 56);
            x += 40 + g.getFontMetrics().stringWidth(series.get(s).name());
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= v) {
                return m * power;
            }
        }
        return 10 * power;
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 1) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
