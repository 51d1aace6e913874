package io.holdfast.engine;

/**
 * What a running backup reports. Called from many threads; implementations must be thread-safe and fast. Every
 * method has a no-op default.
 */
public interface BackupProgress {
    /** Does nothing. */
    BackupProgress NONE = new BackupProgress() {};

    /** Scanning found a file of {@code bytes} to consider (may arrive after processing started). */
    default void scanned(long files, long bytes) {}

    /** {@code bytes} of file content were processed (read, or skipped because unchanged). */
    default void bytesDone(long bytes) {}

    /** One file is done. */
    default void fileDone(String path, FileStatus status) {}

    /**
     * A path (a lossless path string, {@link io.holdfast.engine.fs.FsPath#toString()}) could not be read and is left
     * out of the snapshot, or lost some of its metadata.
     */
    default void error(String path, Exception e) {}

    /** A path was left out on purpose (a socket, as restic does), with the reason. */
    default void skipped(String path, String why) {}

    /** A model file failed validation; with {@code --validate=warn} it is still backed up. */
    default void modelInvalid(String path, io.holdfast.format.model.InvalidModelException e) {}

    /**
     * {@code path: reason} for an error about {@code path}, without naming the path twice when the exception's message
     * starts with it already (file-system exceptions do: {@code /data/x: open: permission denied}).
     */
    static String describe(String path, Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith(path + ":") || m.equals(path) ? m : path + ": " + m;
    }

    /** How a file compares with the parent snapshot. */
    enum FileStatus {
        NEW,
        CHANGED,
        UNCHANGED
    }
}
