package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.TimeArg;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.maintenance.MaxUnused;
import java.time.Instant;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** restic's {@code backup --dry-run}, {@code --one-file-system}, {@code --exclude-larger-than} and {@code --time}. */
public final class BackupSelection {
    @Option(
            names = {"-n", "--dry-run"},
            description = "Read and chunk everything and show what would be added, but write nothing.")
    boolean dryRun;

    @Option(
            names = {"-x", "--one-file-system"},
            description = "Do not cross file system boundaries below a path; mount points are kept as empty"
                    + " directories.")
    boolean oneFileSystem;

    @Option(
            names = "--exclude-larger-than",
            paramLabel = "SIZE",
            description = "Leave out files larger than SIZE (e.g. 500M, 2G; units k, m, g, t).")
    @Nullable
    String excludeLargerThan;

    @Option(
            names = "--time",
            paramLabel = "TIME",
            description = "The time to record for the snapshot (\"2026-12-05 14:30:00\" local, or RFC 3339);"
                    + " default: now.")
    @Nullable
    String time;

    /** {@code options} with these flags; a bad size or time is a usage error. */
    BackupOptions apply(BackupOptions options, ZoneId zone) {
        long limit = 0;
        Instant at = null;
        try {
            if (excludeLargerThan != null) {
                limit = MaxUnused.parseSize(excludeLargerThan);
                if (limit == 0) {
                    throw new IllegalArgumentException("--exclude-larger-than must be more than 0");
                }
            }
            if (time != null) {
                at = TimeArg.parse(time, zone);
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, String.valueOf(e.getMessage()));
        }
        return options.withSelection(dryRun, oneFileSystem, limit, at);
    }
}
