package io.holdfast.engine.fs;

import io.holdfast.format.tree.ExtendedAttribute;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The local file system as backup reads it and restore writes it (restic's {@code fs.FS}). Paths are byte strings
 * ({@link FsPath}); nothing follows a symbolic link unless it says so, and nothing but a regular file or a directory is
 * ever opened, so a FIFO without a writer or a device node cannot block or be triggered. {@link #get()} gives the
 * native implementation on Linux ({@link LinuxFs}, through the FFM API) and a portable one elsewhere ({@link NioFs}).
 *
 * <p>Errors are {@link IOException}s whose message is the system's reason in lower case (e.g. {@code permission
 * denied}); {@link java.nio.file.NoSuchFileException}, {@link java.nio.file.FileAlreadyExistsException},
 * {@link java.nio.file.AccessDeniedException}, {@link java.nio.file.DirectoryNotEmptyException} and
 * {@link java.nio.file.NotDirectoryException} stand for their errno.
 */
public interface LocalFs {
    /** This machine's file system. */
    static LocalFs get() {
        return Holder.FS;
    }

    /** Lazily chosen implementation. */
    final class Holder {
        static final LocalFs FS = LinuxFs.available() ? new LinuxFs() : new NioFs();

        private Holder() {}
    }

    /** Whether names are handled as bytes (every name round-trips); false for the portable fallback. */
    boolean exactNames();

    /** The current directory. */
    FsPath cwd() throws IOException;

    /** {@code p} made absolute against {@link #cwd()}. */
    default FsPath absolute(FsPath p) throws IOException {
        return p.isAbsolute() ? p : cwd().resolve(p);
    }

    // ---- reading

    /** {@code lstat}: the path itself, a symbolic link not followed. */
    FileStat lstat(FsPath p) throws IOException;

    /** {@code lstat}, or {@code null} if nothing is there. */
    @Nullable
    FileStat lstatIfExists(FsPath p) throws IOException;

    /** The name of user {@code uid}, or the empty string if it has none. */
    String userName(long uid);

    /** The name of group {@code gid}, or the empty string if it has none. */
    String groupName(long gid);

    /** The names in a directory (without {@code .} and {@code ..}), in no particular order. */
    List<byte[]> list(FsPath dir) throws IOException;

    /** A symbolic link's target. */
    byte[] readLink(FsPath p) throws IOException;

    /**
     * A path's extended attributes of every namespace the process may read ({@code user}, {@code trusted},
     * {@code security}, {@code system} POSIX ACLs), in the order the file system lists them, without following a
     * symbolic link or opening the file. Empty where the file system has none or does not support them.
     */
    List<ExtendedAttribute> xattrs(FsPath p) throws IOException;

    /**
     * Opens a regular file for reading without following a symbolic link, without blocking on a FIFO put in its place,
     * and without updating its access time where the system allows ({@code O_NOATIME}, for the owner or root). Fails
     * if the path is not a regular file, or not the one {@code expected} describes (inode and device), any more.
     */
    FileChannel openRead(FsPath p, @Nullable FileStat expected) throws IOException;

    // ---- writing

    /** Creates a directory; fails if anything exists at {@code p}. */
    void mkdir(FsPath p, int perm) throws IOException;

    /** Creates a new regular file (mode 0600) for writing; fails if anything exists at {@code p}. */
    FileChannel create(FsPath p) throws IOException;

    /**
     * Sets the length of a file this file system opened for writing; growing it leaves a hole (on file systems that
     * have them) where nothing was written.
     */
    void setLength(FileChannel ch, long size) throws IOException;

    /** Opens an existing regular file for writing; fails on anything else (a symbolic link is not followed). */
    FileChannel openWrite(FsPath p) throws IOException;

    /** Creates a symbolic link at {@code link} holding {@code target}. */
    void symlink(byte[] target, FsPath link) throws IOException;

    /** Creates a hard link {@code link} to {@code existing} (not following a symbolic link). */
    void link(FsPath existing, FsPath link) throws IOException;

    /** Creates a FIFO, character or block device ({@code stMode} gives type and permissions). */
    void mknod(FsPath p, int stMode, long rdev) throws IOException;

    /** Removes a non-directory. */
    void unlink(FsPath p) throws IOException;

    /** Removes an empty directory. */
    void rmdir(FsPath p) throws IOException;

    /** Renames {@code from} to {@code to}, replacing a non-directory at {@code to} atomically. */
    void rename(FsPath from, FsPath to) throws IOException;

    /** Sets owner and group of the path itself ({@code lchown}). */
    void chown(FsPath p, long uid, long gid) throws IOException;

    /** Sets permission, setuid, setgid and sticky bits ({@code 07777}); never on a symbolic link. */
    void chmod(FsPath p, int perm) throws IOException;

    /** Sets access and modification times in nanoseconds since the epoch, of the path itself. */
    void setTimes(FsPath p, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec) throws IOException;

    /** Sets one extended attribute of the path itself. */
    void setXattr(FsPath p, String name, byte[] value) throws IOException;
}
