package io.holdfast.engine.maintenance;

import java.util.Locale;

/**
 * How much unused space prune tolerates after it ran, as restic's {@code --max-unused}: {@code unlimited}, a
 * percentage {@code p%} of the repository size after pruning, or an absolute size ({@code 100M}).
 *
 * @param percent the percentage (0 &le; p &lt; 100), or -1 when {@code bytes} applies
 * @param bytes the absolute limit in bytes ({@link Long#MAX_VALUE} for unlimited), when {@code percent} is -1
 */
public record MaxUnused(double percent, long bytes) {
    /** restic's default, {@code 5%}. */
    public static final MaxUnused DEFAULT = new MaxUnused(5, -1);

    /** No limit: only packs that must be rewritten (trees, mixed) are repacked. */
    public static final MaxUnused UNLIMITED = new MaxUnused(-1, Long.MAX_VALUE);

    /**
     * Parses {@code unlimited}, {@code p%} or a size.
     *
     * @throws IllegalArgumentException with a message naming the option if {@code text} is none of these
     */
    public static MaxUnused parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("invalid value for --max-unused: '" + text + "'");
        }
        if (s.equals("unlimited")) {
            return UNLIMITED;
        }
        if (s.endsWith("%")) {
            double p;
            try {
                p = Double.parseDouble(s.substring(0, s.length() - 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid percentage '" + text + "' for --max-unused", e);
            }
            if (!(p >= 0)) {
                throw new IllegalArgumentException("percentage for --max-unused must be positive");
            }
            if (p >= 100) {
                throw new IllegalArgumentException("percentage for --max-unused must be below 100%");
            }
            return new MaxUnused(p, -1);
        }
        try {
            return new MaxUnused(-1, parseSize(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid size '" + text + "' for --max-unused: " + e.getMessage(), e);
        }
    }

    /**
     * The unused bytes tolerated when {@code usedBytes} are in use: for {@code p%}, {@code p / (100 - p) * used}, so
     * that unused space is p% of what remains.
     */
    public long limit(long usedBytes) {
        if (percent < 0) {
            return bytes;
        }
        return (long) (percent / (100 - percent) * usedBytes);
    }

    /**
     * Parses a size as restic does: a whole number of bytes, optionally followed by {@code b}, {@code k}, {@code m},
     * {@code g} or {@code t} (either case; binary units).
     */
    public static long parseSize(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("expected a size, got an empty string");
        }
        long unit = switch (Character.toLowerCase(s.charAt(s.length() - 1))) {
            case 'b' -> 1;
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 0;
        };
        String number = unit == 0 ? s : s.substring(0, s.length() - 1);
        long value;
        try {
            value = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 500M, 2G, 1024)", e);
        }
        if (value < 0) {
            throw new IllegalArgumentException("a size cannot be negative: '" + text + "'");
        }
        try {
            return Math.multiplyExact(value, unit == 0 ? 1 : unit);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size '" + text + "' is too large", e);
        }
    }

    @Override
    public String toString() {
        if (percent >= 0) {
            return String.format(Locale.ROOT, "%s%%", percent == Math.rint(percent) ? (long) percent : percent);
        }
        return bytes == Long.MAX_VALUE ? "unlimited" : Long.toString(bytes);
    }
}
