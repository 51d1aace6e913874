package io.holdfast.client.pg;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * PostgreSQL's WAL file names: {@code TTTTTTTTLLLLLLLLSSSSSSSS} (timeline, then the segment number split into a "log"
 * of 4 GiB and a segment within it), and {@code TTTTTTTT.history} for timeline histories.
 */
final class WalNames {
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");
    private static final Pattern HISTORY = Pattern.compile("[0-9A-F]{8}\\.history");
    private static final long FOUR_GIB = 0x1_0000_0000L;

    private WalNames() {}

    static boolean isSegment(String name) {
        return SEGMENT.matcher(name).matches();
    }

    static boolean isHistory(String name) {
        return HISTORY.matcher(name).matches();
    }

    static long timeline(String segment) {
        return Long.parseLong(segment.substring(0, 8), 16);
    }

    /** The segment's number counted from the start of WAL (timeline left out). */
    static long number(String segment, long segmentSize) {
        long log = Long.parseLong(segment.substring(8, 16), 16);
        long seg = Long.parseLong(segment.substring(16, 24), 16);
        return log * (FOUR_GIB / segmentSize) + seg;
    }

    static String name(long timeline, long number, long segmentSize) {
        long perLog = FOUR_GIB / segmentSize;
        return String.format(Locale.ROOT, "%08X%08X%08X", timeline, number / perLog, number % perLog);
    }

    /** The directory a segment is kept in inside the archive: its timeline and log, 16 hex digits. */
    static String directory(String segment) {
        return segment.substring(0, 16);
    }

    /** Parses an LSN such as {@code 0/16B3748}. */
    static long lsn(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not an LSN: " + text);
        }
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    static String lsnText(long lsn) {
        return String.format(Locale.ROOT, "%X/%X", lsn >>> 32, lsn & 0xFFFF_FFFFL);
    }
}
