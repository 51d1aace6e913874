package io.holdfast.cli.progress;

import io.holdfast.cli.output.Formats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Renders a {@link ProgressCounters.Snapshot} as a terminal line or a JSON status message. Pure functions. */
public final class ProgressLine {
    private static final int MIN_BAR = 10;
    private static final int MAX_BAR = 30;

    private ProgressLine() {}

    /** The fraction done, 0..1: by bytes when a byte total is known, else by files. */
    public static double fractionDone(ProgressCounters.Snapshot s) {
        double fraction;
        if (s.bytesTotal() > 0) {
            fraction = (double) s.bytesDone() / s.bytesTotal();
        } else if (s.filesTotal() > 0) {
            fraction = (double) s.filesDone() / s.filesTotal();
        } else {
            fraction = 0;
        }
        return Math.max(0, Math.min(1, fraction));
    }

    /** The estimated time left at the average rate so far, or {@code null} when it cannot be estimated yet. */
    public static @Nullable Duration remaining(ProgressCounters.Snapshot s, Duration elapsed) {
        double fraction = fractionDone(s);
        if (fraction <= 0 || fraction >= 1 || elapsed.isZero() || elapsed.isNegative()) {
            return null;
        }
        return Duration.ofNanos((long) (elapsed.toNanos() * (1 - fraction) / fraction));
    }

    /**
     * One line of at most {@code width - 1} columns, e.g. {@code [0:12] 45.2% [=====>     ] 12/30 files 1.234 MiB /
     * 2.345 MiB 1.5 MiB/s ETA 0:15}. The bar shrinks, then goes, when the terminal is narrow.
     */
    public static String render(ProgressCounters.Snapshot s, Duration elapsed, int width) {
        double fraction = fractionDone(s);
        String left = "[" + Formats.duration(elapsed) + "] " + Formats.percent(fraction);
        String files = s.filesDone() + "/" + s.filesTotal() + " files";
        String bytes = Formats.bytes(s.bytesDone()) + " / " + Formats.bytes(s.bytesTotal());
        String rate = Formats.rate(s.bytesDone(), elapsed);
        Duration remaining = remaining(s, elapsed);
        String eta = remaining == null ? null : "ETA " + Formats.duration(remaining);
        String errors = s.errors() == 0 ? null : s.errors() + (s.errors() == 1 ? " error" : " errors");
        int max = Math.max(1, width - 1);
        // on a narrow terminal the bar shrinks and goes first, then the rate, then the file counts
        java.util.List<java.util.List<@Nullable String>> choices = java.util.List.of(
                java.util.Arrays.asList(files, bytes, rate, eta, errors),
                java.util.Arrays.asList(files, bytes, null, eta, errors),
                java.util.Arrays.asList(null, bytes, null, eta, errors));
        String line = "";
        for (java.util.List<@Nullable String> parts : choices) {
            String right = String.join(
                    "  ",
                    parts.stream()
                            .filter(java.util.Objects::nonNull)
                            .map(String::valueOf)
                            .toList());
            int barWidth = Math.min(MAX_BAR, max - left.length() - right.length() - 4);
            line = barWidth >= MIN_BAR ? left + " " + bar(fraction, barWidth) + " " + right : left + "  " + right;
            if (line.length() <= max) {
                return line;
            }
        }
        return line.substring(0, max);
    }

    /**
     * A {@code message_type: status} message as restic prints it: its field order, and its Go {@code omitempty}
     * rule (zero counts and times are left out; {@code percent_done} is always there).
     */
    public static Map<String, Object> status(ProgressCounters.Snapshot s, Duration elapsed) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("message_type", "status");
        putNonZero(status, "seconds_elapsed", elapsed.toSeconds());
        Duration remaining = remaining(s, elapsed);
        putNonZero(status, "seconds_remaining", remaining == null ? 0 : remaining.toSeconds());
        status.put("percent_done", fractionDone(s));
        putNonZero(status, "total_files", s.filesTotal());
        putNonZero(status, "files_done", s.filesDone());
        putNonZero(status, "total_bytes", s.bytesTotal());
        putNonZero(status, "bytes_done", s.bytesDone());
        putNonZero(status, "error_count", s.errors());
        return status;
    }

    private static void putNonZero(Map<String, Object> m, String key, long value) {
        if (value != 0) {
            m.put(key, value);
        }
    }

    private static String bar(double fraction, int width) {
        int inner = width - 2;
        int filled = (int) Math.floor(fraction * inner);
        StringBuilder bar = new StringBuilder(width).append('[');
        bar.append("=".repeat(filled));
        if (filled < inner) {
            bar.append('>').append(" ".repeat(inner - filled - 1));
        }
        return bar.append(']').toString();
    }
}
