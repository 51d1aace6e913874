package io.holdfast.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * A calendar duration for {@code forget --keep-within}: years, months, days and hours, written as restic writes it,
 * e.g. {@code 1y2m3d4h}. Immutable.
 *
 * @param years whole years
 * @param months whole months
 * @param days whole days
 * @param hours whole hours
 */
public record KeepDuration(int years, int months, int days, int hours) {
    /** No duration: the rule using it is off. */
    public static final KeepDuration ZERO = new KeepDuration(0, 0, 0, 0);

    /** The largest magnitude of a part; larger values would leave the calendar's range. */
    public static final int MAX_PART = 1_000_000;

    public KeepDuration {
        for (int part : new int[] {years, months, days, hours}) {
            if (part > MAX_PART || part < -MAX_PART) {
                throw new IllegalArgumentException("duration parts must be within +-" + MAX_PART + ", not " + part);
            }
        }
    }

    /**
     * Parses restic's syntax: numbers, each followed by a unit {@code y}, {@code m}, {@code d} or {@code h}, in any
     * order (a repeated unit overrides the earlier one), surrounding white space ignored; the empty string is
     * {@link #ZERO}. A number may be negative, as in restic.
     *
     * @throws IllegalArgumentException with restic's message if the text is malformed
     */
    public static KeepDuration parse(String text) {
        String s = text.strip();
        int[] parts = new int[4];
        int i = 0;
        while (i < s.length()) {
            int start = i;
            if (s.charAt(i) == '-') {
                i++;
            }
            int digits = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == digits) {
                throw new IllegalArgumentException("invalid duration '" + text + "': no number found");
            }
            int number;
            try {
                number = Integer.parseInt(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid duration '" + text + "': number too large", e);
            }
            if (i == s.length()) {
                throw new IllegalArgumentException(
                        "invalid duration '" + text + "': no unit found after number " + number);
            }
            int unit = "ymdh".indexOf(s.charAt(i));
            if (unit < 0) {
                throw new IllegalArgumentException("invalid duration '" + text + "': invalid unit '" + s.charAt(i)
                        + "' found after number " + number);
            }
            if (number > MAX_PART || number < -MAX_PART) {
                throw new IllegalArgumentException("invalid duration '" + text + "': number too large");
            }
            parts[unit] = number;
            i++;
        }
        return new KeepDuration(parts[0], parts[1], parts[2], parts[3]);
    }

    /** Whether every part is zero. */
    public boolean isZero() {
        return years == 0 && months == 0 && days == 0 && hours == 0;
    }

    /** restic's text: the non-zero parts, e.g. {@code 1y3d}; empty for {@link #ZERO}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (years != 0) {
            b.append(years).append('y');
        }
        if (months != 0) {
            b.append(months).append('m');
        }
        if (days != 0) {
            b.append(days).append('d');
        }
        if (hours != 0) {
            b.append(hours).append('h');
        }
        return b.toString();
    }

    /**
     * The instant this duration before {@code latest}, computed as restic computes it:
     * {@code latest.AddDate(-years, -months, -days).Add(-hours)} in Go. The calendar part works on {@code latest}'s
     * wall clock with Go's normalisation (31 March minus one month is 3 March, not 28 February) in {@code latest}'s
     * location: the {@code local} zone if {@code latest}'s offset is the one {@code local} has at that instant (Go
     * reads such a time as local time, with daylight saving rules), else the fixed offset. The hours are exact.
     */
    public Instant before(OffsetDateTime latest, ZoneId local) {
        LocalDateTime wall = latest.toLocalDateTime();
        LocalDate date = LocalDate.of(wall.getYear(), 1, 1)
                .minusYears(years)
                .plusMonths(wall.getMonthValue() - 1L - months)
                .plusDays(wall.getDayOfMonth() - 1L - days);
        LocalDateTime shifted = LocalDateTime.of(date, wall.toLocalTime());
        ZoneId zone = isGoLocal(latest, local) ? local : latest.getOffset();
        return goResolve(shifted, zone).minusSeconds(3600L * hours);
    }

    /** Whether Go's time parser would put {@code t} in the {@code local} location rather than a fixed zone. */
    static boolean isGoLocal(OffsetDateTime t, ZoneId local) {
        return !(local instanceof ZoneOffset)
                && local.getRules().getOffset(t.toInstant()).equals(t.getOffset());
    }

    /**
     * The instant of a wall-clock time in {@code zone} as Go's {@code time.Date} picks it: in a gap the clock is moved
     * forward; in an overlap the offset in force at the wall time read as UTC wins (usually the later one).
     */
    static Instant goResolve(LocalDateTime wall, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        long asUtc = wall.toEpochSecond(ZoneOffset.UTC);
        ZoneOffset offset = rules.getOffset(Instant.ofEpochSecond(asUtc));
        ZoneOffset atGuess = rules.getOffset(Instant.ofEpochSecond(asUtc - offset.getTotalSeconds()));
        if (!atGuess.equals(offset)) {
            offset = atGuess;
        }
        return Instant.ofEpochSecond(asUtc - offset.getTotalSeconds(), wall.getNano());
    }
}
