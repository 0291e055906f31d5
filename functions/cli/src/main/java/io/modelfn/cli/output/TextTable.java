package io.modelfn.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A plain-text table: a header row in capitals, columns two spaces apart, no trailing spaces, no
 * borders (so that {@code grep}, {@code awk} and {@code cut} work on it). Empty cells print {@code -}.
 */
public final class TextTable {

    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final Set<Integer> rightAligned = new HashSet<>();

    private TextTable(List<String> headers) {
        this.headers = headers;
    }

    public static TextTable withColumns(String... headers) {
        return new TextTable(List.of(headers));
    }

    /** Right-aligns the given columns (numbers), counted from 0. */
    public TextTable rightAligned(int... columns) {
        Arrays.stream(columns).forEach(rightAligned::add);
        return this;
    }

    public TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + headers.size());
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            String text = cell == null ? "" : cell.toString();
            row.add(text.isBlank() ? "-" : text);
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void printTo(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = headers.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        printRow(out, headers, widths);
        rows.forEach(row -> printRow(out, row, widths));
        out.flush();
    }

    private void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            String cell = cells.get(column);
            String padding = " ".repeat(widths[column] - cell.length());
            if (column > 0) {
                line.append(GAP);
            }
            line.append(rightAligned.contains(column) ? padding + cell : cell + padding);
        }
        out.println(line.toString().stripTrailing());
    }
}
