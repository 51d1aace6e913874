package io.holdfast.storage.local;

import io.holdfast.storage.ChannelIo;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The filesystem steps of {@link LocalBackend}: atomic write-once saves, permissions, directories. Thread-safe. */
final class SafeFiles {
    /** Names of temporary files start with this; they are never listed. */
    static final String TEMPORARY_PREFIX = ".tmp-";

    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--------");
    private static final Set<PosixFilePermission> READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final FileSync sync;
    private final boolean posix;
    private final Object[] renameLocks = new Object[64];
    private volatile boolean hardLinks;

    SafeFiles(Path root, FileSync sync, boolean hardLinks) {
        this.sync = sync;
        this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        this.hardLinks = hardLinks;
        for (int i = 0; i < renameLocks.length; i++) {
            renameLocks[i] = new Object();
        }
    }

    static boolean isTemporary(String fileName) {
        return fileName.startsWith(TEMPORARY_PREFIX);
    }

    /**
     * Writes {@code data} to {@code target}, which must not exist: to a temporary file first, then fsync, read-only,
     * link to the final name, fsync of the directory. On any failure neither the temporary file nor the target remain.
     */
    void saveAtomically(Path target, ByteBuffer data) throws IOException {
        Path dir = Objects.requireNonNull(target.getParent(), "no parent directory");
        String fileName =
                Objects.requireNonNull(target.getFileName(), "no file name").toString();
        if (isTemporary(fileName)) {
            throw new IllegalArgumentException(target + ": names starting with " + TEMPORARY_PREFIX + " are reserved");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw alreadyExists(target);
        }
        Path temporary = createTemporary(dir, TEMPORARY_PREFIX + fileName + "-");
        try {
            writeDurably(temporary, data);
            publish(temporary, target);
        } catch (Throwable e) {
            deleteQuietly(temporary, e);
            throw e;
        }
        // With a hard link the temporary name remains; it is harmless (never listed), so a failure to remove it
        // does not fail the save, which has succeeded.
        deleteQuietly(temporary, null);
        try {
            if (!posix) {
                setDosReadOnly(target, true);
            }
            sync.directory(dir);
        } catch (Throwable e) {
            deleteQuietly(target, e); // not durably saved: keep the promise that a failed save leaves nothing
            throw e;
        }
    }

    private Path createTemporary(Path dir, String prefix) throws IOException {
        try {
            return Files.createTempFile(dir, prefix, "");
        } catch (NoSuchFileException e) {
            // Like restic: the directory of the type is missing (say, a pack directory removed by hand). Create it.
            createDirectories(dir);
            return Files.createTempFile(dir, prefix, "");
        }
    }

    private void writeDurably(Path temporary, ByteBuffer data) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            try {
                ChannelIo.write(channel, data);
            } catch (IOException e) {
                throw withPath(e, "cannot write", temporary);
            }
            if (posix) {
                try {
                    Files.setPosixFilePermissions(temporary, READ_ONLY);
                } catch (FileSystemException e) {
                    // restic, too, ignores filesystems that do not let it chmod
                    if (!(e instanceof AccessDeniedException) && !notPermittedOrUnsupported(e.getReason())) {
                        throw e;
                    }
                }
            }
            sync.file(channel, temporary);
        }
    }

    /** Gives {@code temporary} the name {@code target}, never replacing an existing file. */
    private void publish(Path temporary, Path target) throws IOException {
        if (hardLinks) {
            try {
                Files.createLink(target, temporary);
                return;
            } catch (FileAlreadyExistsException e) {
                throw alreadyExists(target);
            } catch (UnsupportedOperationException e) {
                hardLinks = false;
            } catch (FileSystemException e) {
                if (e.getClass() != FileSystemException.class || !notPermittedOrUnsupported(e.getReason())) {
                    throw e;
                }
                hardLinks = false; // a filesystem without hard links (EPERM from link(2)): rename from now on
            }
        }
        synchronized (renameLocks[Math.floorMod(target.hashCode(), renameLocks.length)]) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw alreadyExists(target);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    void createDirectories(Path dir) throws IOException {
        if (posix) {
            Files.createDirectories(dir, PRIVATE_DIRECTORY);
        } else {
            Files.createDirectories(dir);
        }
    }

    void makeWritable(Path path) throws IOException {
        if (posix) {
            Files.setPosixFilePermissions(path, READ_WRITE);
        } else {
            setDosReadOnly(path, false);
        }
    }

    private static void setDosReadOnly(Path path, boolean readOnly) throws IOException {
        DosFileAttributeView view = Files.getFileAttributeView(path, DosFileAttributeView.class);
        if (view != null) {
            view.setReadOnly(readOnly);
        }
    }

    static FileAlreadyExistsException alreadyExists(Path target) {
        return new FileAlreadyExistsException(target.toString(), null, "exists already, and files are write-once");
    }

    /** {@code e}, or if its message does not name a file, an exception saying {@code what} failed on {@code path}. */
    static IOException withPath(IOException e, String what, Path path) {
        if (e instanceof FileSystemException
                || e instanceof ClosedChannelException
                || e instanceof InterruptedIOException) {
            return e;
        }
        return new IOException(what + " " + path + ": " + e.getMessage(), e);
    }

    private static boolean notPermittedOrUnsupported(@Nullable String reason) {
        if (reason == null) {
            return false;
        }
        String r = reason.toLowerCase(Locale.ROOT);
        return r.contains("not permitted") || r.contains("not supported");
    }

    private static void deleteQuietly(Path path, @Nullable Throwable failure) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }
}
