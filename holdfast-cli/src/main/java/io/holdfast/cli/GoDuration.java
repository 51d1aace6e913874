package io.holdfast.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Go's {@code time.ParseDuration} reads them, as restic's options take them: a sequence of
 * decimal numbers with units, such as {@code 30s}, {@code 5m}, {@code 1h30m} or {@code 1.5h}; units {@code ns},
 * {@code us} ({@code µs}), {@code ms}, {@code s}, {@code m}, {@code h}. A bare {@code 0} is zero. Negative durations
 * are refused.
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "µs", 1_000L,
            "μs", 1_000L,
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private GoDuration() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException if it is not a duration
     */
    public static Duration parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            long unit = Objects.requireNonNull(NANOS.get(Objects.requireNonNull(m.group(2))));
            BigDecimal number = new BigDecimal(Objects.requireNonNull(m.group(1)));
            nanos = nanos.add(number.multiply(BigDecimal.valueOf(unit)));
            at = m.end();
        }
        if (s.isEmpty() || at != s.length()) {
            throw new IllegalArgumentException(
                    "invalid duration '" + text + "': use a number with a unit, such as 30s, 5m or 1h30m");
        }
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too long", e);
        }
    }
}
