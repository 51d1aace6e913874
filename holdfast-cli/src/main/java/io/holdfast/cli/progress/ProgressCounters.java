package io.holdfast.cli.progress;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters a long-running operation (backup, restore, check) increments from any number of threads, and a progress
 * display reads. Totals may grow while work is done (the scanner runs ahead of the archiver). No dependencies, so it
 * can move to a lower module.
 */
public final class ProgressCounters {
    private final LongAdder filesTotal = new LongAdder();
    private final LongAdder filesDone = new LongAdder();
    private final LongAdder bytesTotal = new LongAdder();
    private final LongAdder bytesDone = new LongAdder();
    private final LongAdder errors = new LongAdder();

    /** A point-in-time reading of the counters. */
    public record Snapshot(long filesTotal, long filesDone, long bytesTotal, long bytesDone, long errors) {}

    /** Counts a file of {@code bytes} bytes that will be processed. */
    public void fileFound(long bytes) {
        filesTotal.increment();
        bytesTotal.add(bytes);
    }

    /** Counts a processed file. */
    public void fileDone() {
        filesDone.increment();
    }

    /** Counts processed bytes. */
    public void addBytesDone(long bytes) {
        bytesDone.add(bytes);
    }

    /** Adds to the number of files to process. */
    public void addFilesTotal(long files) {
        filesTotal.add(files);
    }

    /** Adds to the number of bytes to process. */
    public void addBytesTotal(long bytes) {
        bytesTotal.add(bytes);
    }

    /** Adds to the number of processed files. */
    public void addFilesDone(long files) {
        filesDone.add(files);
    }

    /** Counts an error that did not stop the operation (e.g. an unreadable file). */
    public void error() {
        errors.increment();
    }

    /** The number of errors counted so far. */
    public long errors() {
        return errors.sum();
    }

    /** The current values; each is exact, but they are not read at one instant. */
    public Snapshot snapshot() {
        return new Snapshot(filesTotal.sum(), filesDone.sum(), bytesTotal.sum(), bytesDone.sum(), errors.sum());
    }
}
