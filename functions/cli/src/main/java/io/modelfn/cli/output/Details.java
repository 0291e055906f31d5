package io.modelfn.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Labelled lines, values aligned: {@code state:     VALIDATED}. Absent values are left out. */
public final class Details {

    private final List<String[]> lines = new ArrayList<>();

    public Details line(String label, Object value) {
        String text = value == null ? "" : value.toString();
        if (!text.isBlank()) {
            lines.add(new String[] {label + ":", text});
        }
        return this;
    }

    public void printTo(PrintWriter out) {
        int width = lines.stream().mapToInt(line -> line[0].length()).max().orElse(0);
        lines.forEach(line -> out.println(line[0] + " ".repeat(width - line[0].length() + 1) + line[1]));
        out.flush();
    }
}
