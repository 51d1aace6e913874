package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import java.util.List;
import java.util.Locale;

/**
 * Recognises a full disk or an exceeded quota, which the JDK reports only in exception messages ({@code No space
 * left on device}, {@code Disk quota exceeded}), anywhere in a chain of causes and suppressed exceptions.
 */
final class DiskFull {
    /** What a backup that ran out of repository space says: what happened, what to do, and that nothing is lost. */
    static final String BACKUP_MESSAGE =
            "repository disk is full: free space and run the backup again; the repository is consistent";

    private static final List<String> MARKERS =
            List.of("no space left on device", "enospc", "disk quota exceeded", "edquot");

    private DiskFull() {}

    /** Whether {@code failure}, one of its causes or a suppressed exception says the disk is full. */
    static boolean matches(Throwable failure) {
        return matches(failure, 0);
    }

    private static boolean matches(Throwable t, int depth) {
        if (depth > 16) {
            return false;
        }
        String message = t.getMessage();
        if (message != null) {
            String m = message.toLowerCase(Locale.ROOT);
            if (MARKERS.stream().anyMatch(m::contains)) {
                return true;
            }
        }
        for (Throwable s : t.getSuppressed()) {
            if (matches(s, depth + 1)) {
                return true;
            }
        }
        Throwable cause = t.getCause();
        return cause != null && cause != t && matches(cause, depth + 1);
    }

    /** The one-line error for a backup into {@code location} that ran out of space. */
    static CliException backupFailed(String location, Throwable cause) {
        return new CliException(ExitCode.FATAL, BACKUP_MESSAGE + " (" + location + ")", cause);
    }
}
