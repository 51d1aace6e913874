package io.holdfast.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long objects stay locked, with retention generations (docs/design.md §2.2). Time is cut into generations of
 * {@link #generationDays()} days (a tenth of the period, at least one day; UTC day boundaries since the epoch). An
 * object written, or re-locked, during a generation is retained until the end of that generation plus the period:
 * every object of a generation shares one retain-until date, which is at least {@code days} and at most {@code days +
 * generationDays} in the future. An object needs re-locking only once per generation, so {@code lock extend} run
 * daily changes each object's lock about ten times per period rather than every day.
 *
 * @param mode the Object Lock mode
 * @param days the retention period: every object a live snapshot needs stays locked at least this long from now
 */
public record RetentionRule(LockMode mode, int days) {
    private static final long DAY = 86_400;

    public RetentionRule {
        Objects.requireNonNull(mode, "mode");
        if (days < 1 || days > 36_500) {
            throw new IllegalArgumentException("the lock period must be 1 to 36500 days, not " + days);
        }
    }

    /** The length of a generation: a tenth of the period, at least one day. */
    public int generationDays() {
        return Math.max(1, (days + 9) / 10);
    }

    /** The retain-until date of an object written or re-locked at {@code now}. */
    public Instant retainUntil(Instant now) {
        long day = Math.floorDiv(now.getEpochSecond(), DAY);
        long generation = Math.floorDiv(day, generationDays());
        return Instant.ofEpochSecond(((generation + 1) * generationDays() + days) * DAY);
    }

    /** Whether an object locked until {@code until} (or not at all) falls below the period at {@code now}. */
    public boolean needsExtension(Instant until, Instant now) {
        return until.isBefore(now.plus(Duration.ofDays(days)));
    }
}
