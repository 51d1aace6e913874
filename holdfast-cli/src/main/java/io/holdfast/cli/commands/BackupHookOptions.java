package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GoDuration;
import io.holdfast.cli.output.Output;
import io.holdfast.engine.BackupHooks;
import io.holdfast.engine.BackupOptions;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code backup --pre CMD --post CMD [--hook-timeout D]}: commands around a backup for a consistent copy. */
public final class BackupHookOptions {
    @Option(
            names = "--pre",
            paramLabel = "COMMAND",
            description = "Run COMMAND (sh -c) before reading anything, e.g. to flush or freeze an application; if it"
                    + " fails nothing is backed up.")
    @Nullable
    String pre;

    @Option(
            names = "--post",
            paramLabel = "COMMAND",
            description = "Run COMMAND after the data is stored and before the snapshot is saved, and also after a"
                    + " failure (HOLDFAST_BACKUP_STATUS=success|failure); if it fails the exit code is 3.")
    @Nullable
    String post;

    @Option(
            names = "--hook-timeout",
            paramLabel = "DURATION",
            description = "Kill --pre or --post after DURATION (default: 10m).")
    @Nullable
    String timeout;

    BackupOptions apply(BackupOptions options) {
        if (pre == null && post == null) {
            if (timeout != null) {
                throw new CliException(ExitCode.USAGE, "--hook-timeout needs --pre or --post");
            }
            return options;
        }
        Duration limit = BackupHooks.NONE.timeout();
        if (timeout != null) {
            try {
                limit = GoDuration.parse(timeout);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, "--hook-timeout: " + e.getMessage());
            }
        }
        return options.withHooks(new BackupHooks(pre, post, limit));
    }

    /** Each hook's exit code (and, at -v or when it failed, its output) on standard error. */
    static void print(Output out, List<io.holdfast.engine.BackupHooks.Result> results) {
        for (io.holdfast.engine.BackupHooks.Result h : results) {
            if (out.json()) {
                continue; // in the summary message
            }
            out.warn("--" + h.stage() + " exited with " + h.exitCode() + " after "
                    + io.holdfast.cli.output.Formats.duration(h.duration()));
            if (!h.ok() && !h.output().isBlank()) {
                for (String line : h.output().strip().split("\n")) {
                    out.warn("  " + line);
                }
            }
        }
    }
}
