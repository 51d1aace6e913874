package io.holdfast.cli.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.holdfast.cli.output.Output;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Shows {@link ProgressCounters} while an operation runs, from a daemon thread named {@code holdfast-progress}: a
 * line redrawn with {@code \r} on standard error about 4 times a second on a terminal, or a JSON status message on
 * standard output every second with {@code --json}. Close it when the operation ends.
 */
public final class Progress implements AutoCloseable {
    /** How progress is shown. */
    public enum Mode {
        /** Not at all. */
        NONE,
        /** A redrawn line on standard error. */
        TERMINAL,
        /** JSON status lines on standard output. */
        JSON;

        /** JSON with {@code --json}, nothing with {@code --quiet}, a line on a terminal, else nothing. */
        public static Mode choose(boolean json, boolean quiet, boolean terminal) {
            if (quiet) {
                return NONE;
            }
            if (json) {
                return JSON;
            }
            return terminal ? TERMINAL : NONE;
        }
    }

    private final ProgressCounters counters;
    private final Mode mode;
    private final PrintWriter out;
    private final PrintWriter err;
    private final int width;
    private final long startNanos = System.nanoTime();
    private final @Nullable Thread thread;
    private volatile boolean running = true;
    private int lastLength;

    private Progress(ProgressCounters counters, Mode mode, PrintWriter out, PrintWriter err, int width) {
        this.counters = counters;
        this.mode = mode;
        this.out = out;
        this.err = err;
        this.width = width;
        this.thread = mode == Mode.NONE
                ? null
                : Thread.ofPlatform().daemon().name("holdfast-progress").unstarted(this::loop);
    }

    /** Starts showing {@code counters} in {@code mode}; JSON goes to {@code out}, the line to {@code err}. */
    public static Progress start(ProgressCounters counters, Mode mode, PrintWriter out, PrintWriter err, int width) {
        Progress progress = new Progress(counters, mode, out, err, width);
        if (progress.thread != null) {
            progress.thread.start();
        }
        return progress;
    }

    /** How progress is shown. */
    public Mode mode() {
        return mode;
    }

    /** Prints {@code line} on standard error without garbling the progress line. */
    public synchronized void message(String line) {
        clearLine();
        err.println(line);
        err.flush();
    }

    /** Stops the display: clears the terminal line, or writes a last JSON status. */
    @Override
    public void close() {
        if (thread == null || !running) {
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (mode == Mode.JSON) {
                update();
            } else {
                clearLine();
            }
        }
    }

    private void loop() {
        long interval = Duration.ofMillis(mode == Mode.JSON ? 1000 : 250).toNanos();
        while (running) {
            synchronized (this) {
                update();
            }
            LockSupport.parkNanos(interval);
        }
    }

    private void update() {
        ProgressCounters.Snapshot snapshot = counters.snapshot();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        if (mode == Mode.JSON) {
            try {
                out.println(Output.mapper().writeValueAsString(ProgressLine.status(snapshot, elapsed)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            out.flush();
        } else if (mode == Mode.TERMINAL) {
            String line = ProgressLine.render(snapshot, elapsed, width);
            err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            err.flush();
            lastLength = line.length();
        }
    }

    private void clearLine() {
        if (mode == Mode.TERMINAL && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }
}
