package io.holdfast.cli.commands;

import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.engine.BackupProgress;

/** Feeds the engine's progress callbacks into the CLI's counters and reports errors as warnings. */
final class CountingProgress implements BackupProgress {
    private final ProgressCounters counters;
    private final Output output;

    CountingProgress(ProgressCounters counters, Output output) {
        this.counters = counters;
        this.output = output;
    }

    @Override
    public void scanned(long files, long bytes) {
        counters.addFilesTotal(files);
        counters.addBytesTotal(bytes);
    }

    @Override
    public void bytesDone(long bytes) {
        counters.addBytesDone(bytes);
    }

    @Override
    public void fileDone(String path, FileStatus status) {
        counters.fileDone();
        output.verbose(2, status.name().toLowerCase(java.util.Locale.ROOT) + " " + path);
    }

    @Override
    public void skipped(String path, String why) {
        output.warn("note: " + path + ": " + why);
    }

    @Override
    public void error(String path, Exception e) {
        counters.error();
        output.warn("error: " + BackupProgress.describe(path, e));
    }
}
