package io.holdfast.storage.local;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Makes written data and directory entries durable. {@link LocalBackend} calls it at the two points of a save where
 * durability matters; tests substitute an implementation that records or fails the calls.
 */
interface FileSync {

    /** The real thing: {@code fsync(2)} of files and directories. */
    FileSync SYSTEM = new SystemFileSync();

    /** Flushes a file's contents and metadata to stable storage. {@code path} names the file, for messages. */
    void file(FileChannel channel, Path path) throws IOException;

    /** Flushes a directory, so that entries created or removed in it survive a crash. */
    void directory(Path dir) throws IOException;

    /** {@link FileSync} with {@link FileChannel#force}, tolerating filesystems that cannot sync, as restic does. */
    final class SystemFileSync implements FileSync {
        private static final boolean WINDOWS = File.separatorChar == '\\';

        private SystemFileSync() {}

        @Override
        public void file(FileChannel channel, Path path) throws IOException {
            try {
                channel.force(true);
            } catch (IOException e) {
                if (!unsupported(e, false)) {
                    throw new IOException("cannot fsync " + path + ": " + e.getMessage(), e);
                }
            }
        }

        @Override
        public void directory(Path dir) throws IOException {
            if (WINDOWS) {
                return; // Windows cannot open a directory as a channel; NTFS journals directory entries
            }
            try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                if (!unsupported(e, true)) {
                    throw new IOException("cannot fsync directory " + dir + ": " + e.getMessage(), e);
                }
            }
        }

        /**
         * Errors by which a filesystem says it cannot sync, not that syncing failed: those restic ignores, ENOTSUP and
         * (macOS) ENOTTY, for directories also EINVAL.
         */
        private static boolean unsupported(IOException e, boolean directory) {
            String message = e.getMessage();
            if (message == null) {
                return false;
            }
            String m = message.toLowerCase(Locale.ROOT);
            return m.contains("not supported")
                    || m.contains("inappropriate ioctl")
                    || (directory && m.contains("invalid argument"));
        }
    }
}
