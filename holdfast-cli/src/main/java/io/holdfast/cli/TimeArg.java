package io.holdfast.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A point in time on the command line: RFC 3339 ({@code 2026-12-05T14:30:00Z}, {@code 2026-12-05T14:30:00+01:00}),
 * or a local date and time ({@code "2026-12-05 14:30:00"}, {@code 2026-12-05T14:30}, {@code 2026-12-05}) in the
 * machine's time zone.
 */
public final class TimeArg {
    private TimeArg() {}

    /** Parses {@code text} with {@code zone} for local times. */
    public static Instant parse(String text, ZoneId zone) {
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // not RFC 3339; try a local time
        }
        String local = t.replace(' ', 'T');
        try {
            return LocalDateTime.parse(local, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    .atZone(zone)
                    .toInstant();
        } catch (DateTimeParseException e) {
            // not a local date and time; try a date
        }
        try {
            return LocalDate.parse(t).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "cannot read the time '" + text + "': use RFC 3339 "
                            + "(2026-12-05T14:30:00Z) or a local time (\"2026-12-05 14:30:00\")",
                    e);
        }
    }
}
