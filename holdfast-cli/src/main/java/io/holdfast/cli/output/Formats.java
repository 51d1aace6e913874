package io.holdfast.cli.output;

import java.time.Duration;
import java.util.Locale;

/** Human-readable numbers in restic's style. Pure functions. */
public final class Formats {
    private static final long KIB = 1L << 10;
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long TIB = 1L << 40;

    private Formats() {}

    /**
     * A byte count with a binary unit and three decimals, as restic prints it: {@code 512 B}, {@code 1.500 KiB},
     * {@code 20.000 MiB}, {@code 1.234 GiB}, {@code 2.000 TiB}.
     */
    public static String bytes(long bytes) {
        if (bytes < 0) {
            return "-" + bytes(bytes == Long.MIN_VALUE ? Long.MAX_VALUE : -bytes);
        }
        if (bytes >= TIB) {
            return scaled(bytes, TIB, "TiB");
        }
        if (bytes >= GIB) {
            return scaled(bytes, GIB, "GiB");
        }
        if (bytes >= MIB) {
            return scaled(bytes, MIB, "MiB");
        }
        if (bytes >= KIB) {
            return scaled(bytes, KIB, "KiB");
        }
        return bytes + " B";
    }

    /** A throughput in MiB/s with one decimal, e.g. {@code 98.7 MiB/s}; {@code 0.0 MiB/s} for no time. */
    public static String rate(long bytes, Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        double perSecond = seconds <= 0 ? 0 : bytes / seconds / MIB;
        return String.format(Locale.ROOT, "%.1f MiB/s", perSecond);
    }

    /** A duration as restic's progress shows it: {@code m:ss}, or {@code h:mm:ss} from one hour. */
    public static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        return hours > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
                : String.format(Locale.ROOT, "%d:%02d", minutes, secs);
    }

    /** A fraction 0..1 as a percentage with one decimal, e.g. {@code 45.2%}; clamped to 0..100. */
    public static String percent(double fraction) {
        double clamped = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        return String.format(Locale.ROOT, "%.1f%%", clamped * 100);
    }

    /** A ratio such as a deduplication factor, e.g. {@code 2.35x}. */
    public static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /**
     * Go's {@code %.3f}: the exact binary value rounded to nearest, ties to even ({@code 2112} bytes is {@code 2.062
     * KiB}, as restic prints it; Java's {@code %.3f} rounds such ties up).
     */
    private static String scaled(long bytes, long unit, String name) {
        return new java.math.BigDecimal((double) bytes / unit)
                        .setScale(3, java.math.RoundingMode.HALF_EVEN)
                        .toPlainString()
                + " " + name;
    }

    /** A count with a decimal suffix: {@code 950}, {@code 12.3 K}, {@code 1.10 B} (for parameter counts). */
    public static String count(long n) {
        if (n < 1000) {
            return Long.toString(n);
        }
        String[] units = {"K", "M", "B", "T"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(java.util.Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
