package io.holdfast.cli.commands;

import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import org.jspecify.annotations.Nullable;

/**
 * Shows what prune and repair report: phases and messages as lines for humans (not with {@code --json} or
 * {@code --quiet}), work done in the progress counters. On a terminal, lines go through the progress display so they
 * do not garble its line.
 */
final class MaintenanceReporter implements MaintenanceProgress {
    private final ProgressCounters counters;
    private final Output output;
    private @Nullable Progress progress;

    MaintenanceReporter(ProgressCounters counters, Output output) {
        this.counters = counters;
        this.output = output;
    }

    /** Routes lines through {@code p} while it is showing. */
    MaintenanceReporter showing(Progress p) {
        this.progress = p;
        return this;
    }

    @Override
    public void phase(String description) {
        line(description);
    }

    @Override
    public void total(long bytes) {
        counters.addBytesTotal(bytes);
    }

    @Override
    public void done(long bytes) {
        counters.addBytesDone(bytes);
    }

    @Override
    public void message(String line) {
        line(line);
    }

    private void line(String text) {
        Progress p = progress;
        if (p != null && p.mode() == Progress.Mode.TERMINAL) {
            p.message(text);
        } else {
            output.info(text);
        }
    }
}
