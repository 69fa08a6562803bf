package io.hubscore.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of text columns printed left-aligned, each column as wide as its widest cell, two spaces apart. The
 * last column is not padded. Not thread-safe; null cells print as {@code -}.
 */
final class TextTable {

    private final String indent;
    private final List<String[]> rows = new ArrayList<>();
    private String[] header;

    TextTable(String indent) {
        this.indent = indent;
    }

    /** The column titles, printed first when there is at least one row. */
    TextTable header(String... titles) {
        header = titles.clone();
        return this;
    }

    TextTable row(Object... cells) {
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toArray(String[]::new));
        return this;
    }

    /** Whether there is no row (the header does not count). */
    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Prints the header and rows, or {@code none} (one line) when there is no row. */
    void print(PrintWriter out, String none) {
        if (rows.isEmpty()) {
            out.println(none);
        } else {
            print(out);
        }
    }

    /** Prints the header, if any, and the rows. */
    void print(PrintWriter out) {
        List<String[]> rows = new ArrayList<>(this.rows);
        if (header != null) {
            rows.add(0, header);
        }
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
