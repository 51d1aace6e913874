package io.holdfast.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table like restic's {@code snapshots} listing: a header, a rule, the rows, a rule, and optional footer
 * lines. Columns are as wide as their widest cell; a cell with line breaks spans several lines.
 */
public final class Table {
    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> footer = new ArrayList<>();

    /** A table with these column headers. */
    public Table(String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.headers = List.of(headers);
        this.rightAligned = new boolean[headers.length];
    }

    /** Aligns the cells of column {@code index} (from 0) to the right, for numbers. */
    public Table alignRight(int index) {
        rightAligned[index] = true;
        return this;
    }

    /** Adds a row; it must have one cell per column. */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(
                    "expected " + headers.size() + " cells, got " + cells.length + ": " + Arrays.toString(cells));
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    /** Adds a line printed after the closing rule, e.g. {@code 3 snapshots}. */
    public Table footer(String line) {
        footer.add(line);
        return this;
    }

    /** The number of rows added. */
    public int size() {
        return rows.size();
    }

    /** The table as lines, without trailing white space. */
    public List<String> render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = width(headers.get(c));
            for (List<String> row : rows) {
                for (String line : row.get(c).split("\n", -1)) {
                    widths[c] = Math.max(widths[c], width(line));
                }
            }
        }
        int total = Arrays.stream(widths).sum() + 2 * (widths.length - 1);
        String rule = "-".repeat(total);
        List<String> lines = new ArrayList<>();
        lines.add(line(headers, widths));
        lines.add(rule);
        for (List<String> row : rows) {
            List<String[]> split =
                    row.stream().map(cell -> cell.split("\n", -1)).toList();
            int height = split.stream().mapToInt(parts -> parts.length).max().orElse(1);
            for (int i = 0; i < height; i++) {
                List<String> cells = new ArrayList<>(widths.length);
                for (String[] parts : split) {
                    cells.add(i < parts.length ? parts[i] : "");
                }
                lines.add(line(cells, widths));
            }
        }
        lines.add(rule);
        lines.addAll(footer);
        return lines;
    }

    @Override
    public String toString() {
        return String.join("\n", render()) + "\n";
    }

    private String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            String cell = cells.get(c);
            String padding = " ".repeat(widths[c] - width(cell));
            line.append(rightAligned[c] ? padding + cell : cell + padding);
        }
        return line.toString().stripTrailing();
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
