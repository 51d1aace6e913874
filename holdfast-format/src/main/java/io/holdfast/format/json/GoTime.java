package io.holdfast.format.json;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Go's {@code time.Time} as JSON: RFC 3339 with nanoseconds ({@code time.RFC3339Nano}). The fraction has its trailing
 * zeros trimmed and is left out when zero; a zero offset prints as {@code Z}, any other as {@code ±hh:mm} (seconds of
 * an offset are dropped, as Go does). Go's zero time is {@link #ZERO}.
 */
public final class GoTime {
    /** Go's zero {@code time.Time}, {@code 0001-01-01T00:00:00Z}. */
    public static final OffsetDateTime ZERO = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /** The longest text {@link #formatTo} writes: {@code 9999-12-31T23:59:59.999999999+hh:mm}. */
    public static final int MAX_LENGTH = 35;

    private GoTime() {}

    /**
     * Formats {@code t} as Go's {@code MarshalJSON} does, without the quotes.
     *
     * @throws IllegalArgumentException if the year is outside 0..9999, which Go refuses to marshal
     */
    public static String format(OffsetDateTime t) {
        byte[] buf = new byte[MAX_LENGTH];
        int n = formatTo(t, buf, 0);
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    /**
     * Writes the ASCII text of {@link #format} into {@code dst} at {@code off}, which needs room for
     * {@link #MAX_LENGTH} bytes.
     *
     * @return the number of bytes written
     */
    public static int formatTo(OffsetDateTime t, byte[] dst, int off) {
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("Go cannot marshal year " + year + " (outside [0,9999])");
        }
        int p = off;
        p = digits(dst, p, year, 4);
        dst[p++] = '-';
        p = digits(dst, p, t.getMonthValue(), 2);
        dst[p++] = '-';
        p = digits(dst, p, t.getDayOfMonth(), 2);
        dst[p++] = 'T';
        p = digits(dst, p, t.getHour(), 2);
        dst[p++] = ':';
        p = digits(dst, p, t.getMinute(), 2);
        dst[p++] = ':';
        p = digits(dst, p, t.getSecond(), 2);
        int nano = t.getNano();
        if (nano != 0) {
            int len = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                len--;
            }
            dst[p++] = '.';
            p = digits(dst, p, nano, len);
        }
        int offset = t.getOffset().getTotalSeconds();
        if (offset == 0) {
            dst[p++] = 'Z';
        } else {
            int minutes = offset / 60;
            dst[p++] = (byte) (minutes < 0 ? '-' : '+');
            minutes = Math.abs(minutes);
            p = digits(dst, p, minutes / 60, 2);
            dst[p++] = ':';
            p = digits(dst, p, minutes % 60, 2);
        }
        return p - off;
    }

    private static int digits(byte[] dst, int p, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            dst[p + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return p + width;
    }

    /**
     * Parses RFC 3339 text as Go's {@code UnmarshalJSON} accepts it: {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction
     * of one or more digits (beyond nine digits truncated), and {@code Z} or {@code ±hh:mm}.
     *
     * @throws DateTimeParseException if the text is not such a time
     */
    public static OffsetDateTime parse(CharSequence text) {
        int n = text.length();
        if (n < 20
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            throw new DateTimeParseException("not an RFC 3339 time", text, 0);
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int p = 19;
        int nano = 0;
        if ((text.charAt(p) == '.' || text.charAt(p) == ',') && p + 1 < n && isDigit(text.charAt(p + 1))) {
            p++;
            int count = 0;
            while (p < n && isDigit(text.charAt(p))) {
                if (count < 9) {
                    nano = nano * 10 + (text.charAt(p) - '0');
                    count++;
                }
                p++;
            }
            for (; count < 9; count++) {
                nano *= 10;
            }
        }
        ZoneOffset offset;
        if (p == n - 1 && text.charAt(p) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (p == n - 6 && (text.charAt(p) == '+' || text.charAt(p) == '-') && text.charAt(p + 3) == ':') {
            int oh = number(text, p + 1, 2);
            int om = number(text, p + 4, 2);
            if (om > 59) {
                throw new DateTimeParseException("offset minutes out of range", text, p);
            }
            int total = (oh * 60 + om) * 60;
            try {
                offset = ZoneOffset.ofTotalSeconds(text.charAt(p) == '-' ? -total : total);
            } catch (DateTimeException e) {
                throw new DateTimeParseException("offset out of range", text, p, e);
            }
        } else {
            throw new DateTimeParseException("expected Z or ±hh:mm at the end", text, p);
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset);
        } catch (DateTimeException e) {
            throw new DateTimeParseException("field out of range: " + e.getMessage(), text, 0, e);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(CharSequence text, int at, int width) {
        int v = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                throw new DateTimeParseException("expected a digit", text, i);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * restic's {@code FixTime}: moves a time whose year is below 0 or above 9999 to year 0 or 9999, leaving everything
     * else alone, so that Go can marshal it. Like Go's {@code AddDate}, February 29 in a year that is not a leap year
     * becomes March 1.
     */
    public static OffsetDateTime clampYear(OffsetDateTime t) {
        int year = t.getYear();
        if (year >= 0 && year <= 9999) {
            return t;
        }
        int target = year < 0 ? 0 : 9999;
        LocalDateTime local = t.toLocalDateTime();
        if (local.getMonthValue() == 2 && local.getDayOfMonth() == 29 && !Year.isLeap(target)) {
            local = local.withDayOfMonth(1).withMonth(3);
        }
        return OffsetDateTime.of(local.withYear(target), t.getOffset());
    }
}
