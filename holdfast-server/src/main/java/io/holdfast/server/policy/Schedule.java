package io.holdfast.server.policy;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When a stage runs: every fixed interval ({@code 30s}, {@code 15m}, {@code 1h}, {@code 1d} or ISO-8601 {@code PT15M};
 * the interval is the stage's RPO objective), or by cron (five Unix fields, or six with seconds first), in the server's
 * time zone. A stage's runs are offset by a fixed jitter derived from its policy and name (up to a tenth of the
 * interval, at most 30 s), so that many policies with the same schedule do not all start in the same second.
 */
public final class Schedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SECONDS =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

    private final @Nullable Duration every;
    private final @Nullable ExecutionTime cron;
    private final String text;

    private Schedule(@Nullable Duration every, @Nullable ExecutionTime cron, String text) {
        this.every = every;
        this.cron = cron;
        this.text = text;
    }

    /** The schedule of {@code every} or {@code cron} (exactly one given); {@code field} names them in errors. */
    public static Schedule of(@Nullable String every, @Nullable String cron, String field) {
        if ((every == null) == (cron == null)) {
            throw new SpecException(field, "give either 'every' (e.g. 15m) or 'cron' (e.g. '0 2 * * *')");
        }
        if (every != null) {
            Duration d = parseDuration(every, field + ".every");
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new SpecException(field + ".every", "must be at least 1s");
            }
            return new Schedule(d, null, "every " + every);
        }
        String c = cron.trim();
        try {
            int fields = c.split("\\s+").length;
            var parsed = (fields == 6 ? SECONDS : UNIX).parse(c);
            return new Schedule(null, ExecutionTime.forCron(parsed), "cron " + c);
        } catch (IllegalArgumentException e) {
            throw new SpecException(field + ".cron", "'" + cron + "' is not a cron expression: " + e.getMessage());
        }
    }

    public static Duration parseDuration(String text, String field) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            if (t.length() >= 2) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                switch (t.charAt(t.length() - 1)) {
                    case 's':
                        return Duration.ofSeconds(n);
                    case 'm':
                        return Duration.ofMinutes(n);
                    case 'h':
                        return Duration.ofHours(n);
                    case 'd':
                        return Duration.ofDays(n);
                    default:
                        break;
                }
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // fall through
        }
        throw new SpecException(field, "'" + text + "' is not a duration: use e.g. 30s, 15m, 1h, 1d or PT15M");
    }

    /** The fixed interval, or empty for a cron schedule. */
    public Optional<Duration> interval() {
        return Optional.ofNullable(every);
    }

    /**
     * The time between runs this schedule promises (its RPO objective): the interval, or for cron the longest gap
     * between two of the next few runs.
     */
    public Duration objective(Instant from, ZoneId zone) {
        if (every != null) {
            return every;
        }
        Duration longest = Duration.ZERO;
        Instant t = next(from, zone, Duration.ZERO);
        for (int i = 0; i < 8; i++) {
            Instant n = next(t, zone, Duration.ZERO);
            Duration gap = Duration.between(t, n);
            longest = gap.compareTo(longest) > 0 ? gap : longest;
            t = n;
        }
        return longest;
    }

    /** The jitter of a stage: fixed per key, up to a tenth of the interval, at most 30 s. */
    public Duration jitter(String key, Instant from, ZoneId zone) {
        long max = Math.min(objective(from, zone).toMillis() / 10, 30_000);
        return max <= 0 ? Duration.ZERO : Duration.ofMillis(Math.floorMod(key.hashCode() * 2654435761L, max));
    }

    /** The first run strictly after {@code after}, plus {@code jitter}. */
    public Instant next(Instant after, ZoneId zone, Duration jitter) {
        if (every != null) {
            // aligned to multiples of the interval since the epoch, so restarts do not shift the runs
            long e = every.toMillis();
            long base = Math.floorDiv(after.toEpochMilli() - jitter.toMillis(), e) * e + e;
            return Instant.ofEpochMilli(base).plus(jitter);
        }
        ZonedDateTime z = ZonedDateTime.ofInstant(after.minus(jitter), zone);
        return java.util.Objects.requireNonNull(cron)
                .nextExecution(z)
                .map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException("cron schedule " + text + " has no next run"))
                .plus(jitter);
    }

    @Override
    public String toString() {
        return text;
    }
}
