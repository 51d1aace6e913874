package io.holdfast.engine.fs;

import static io.holdfast.engine.fs.Libc.AT_REMOVEDIR;
import static io.holdfast.engine.fs.Libc.AT_SYMLINK_NOFOLLOW;
import static io.holdfast.engine.fs.Libc.O_CLOEXEC;
import static io.holdfast.engine.fs.Libc.O_CREAT;
import static io.holdfast.engine.fs.Libc.O_DIRECTORY;
import static io.holdfast.engine.fs.Libc.O_EXCL;
import static io.holdfast.engine.fs.Libc.O_NOATIME;
import static io.holdfast.engine.fs.Libc.O_NOCTTY;
import static io.holdfast.engine.fs.Libc.O_NOFOLLOW;
import static io.holdfast.engine.fs.Libc.O_NONBLOCK;
import static io.holdfast.engine.fs.Libc.O_RDONLY;
import static io.holdfast.engine.fs.Libc.O_WRONLY;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.holdfast.format.tree.ExtendedAttribute;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link LocalFs} on Linux through the C library ({@link Libc}): {@code statx}, {@code getdents64}, {@code openat}
 * with {@code O_NOFOLLOW|O_NONBLOCK|O_NOATIME}, the {@code l*xattr} calls, {@code mknodat}, {@code utimensat} with
 * nanoseconds. Paths longer than the kernel's {@code PATH_MAX} are reached through directory descriptors
 * ({@link Call#at}).
 */
final class LinuxFs implements LocalFs {

    static boolean available() {
        if (!Libc.AVAILABLE) {
            return false;
        }
        try (Call c = new Call()) {
            c.at(FsPath.root());
            MemorySegment buf = c.arena.allocate(Fd.STATX_SIZE, 8);
            int r = Libc.statx(c.cap, c.dirfd, c.path, AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, buf);
            return r == 0; // a seccomp filter that refuses statx (old container runtimes) means: use NIO
        } catch (Throwable e) {
            return false;
        }
    }

    @Override
    public boolean exactNames() {
        return true;
    }

    @Override
    public FsPath cwd() throws IOException {
        return Call.run(c -> {
            for (int size = 4096; ; size *= 2) {
                MemorySegment buf = c.arena.allocate(size);
                if (Libc.getcwd(c.cap, buf, size) != 0) {
                    return FsPath.of(Fd.cString(buf));
                }
                if (c.errno() != Libc.ERANGE) {
                    throw Errno.of(c.errno(), "getcwd", FsPath.of("."));
                }
            }
        });
    }

    @Override
    public FileStat lstat(FsPath p) throws IOException {
        FileStat s = lstatIfExists(p);
        if (s == null) {
            throw Errno.of(Libc.ENOENT, "lstat", p);
        }
        return s;
    }

    @Override
    public @Nullable FileStat lstatIfExists(FsPath p) throws IOException {
        return Call.<@Nullable FileStat>run(c -> {
            c.at(p);
            MemorySegment buf = c.arena.allocate(Fd.STATX_SIZE, 8);
            int r = Libc.statx(c.cap, c.dirfd, c.path, AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, buf);
            if (r != 0) {
                if (c.errno() == Libc.ENOENT) {
                    return null;
                }
                throw Errno.of(c.errno(), "lstat", p);
            }
            return Fd.stat(buf);
        });
    }

    @Override
    public String userName(long uid) {
        return Owners.user(uid);
    }

    @Override
    public String groupName(long gid) {
        return Owners.group(gid);
    }

    @Override
    public List<byte[]> list(FsPath dir) throws IOException {
        int fd = Fd.open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOATIME, 0, "open");
        try {
            return Call.run(c -> Fd.readNames(c, fd, dir));
        } finally {
            Fd.close(fd, dir);
        }
    }

    @Override
    public byte[] readLink(FsPath p) throws IOException {
        return Call.run(c -> {
            c.at(p);
            for (long size = 4096; ; size *= 2) {
                MemorySegment buf = c.arena.allocate(size);
                long n = Libc.readlinkat(c.cap, c.dirfd, c.path, buf, size);
                if (n < 0) {
                    throw Errno.of(c.errno(), "readlink", p);
                }
                if (n < size) {
                    return buf.asSlice(0, n).toArray(JAVA_BYTE);
                }
            }
        });
    }

    @Override
    public List<ExtendedAttribute> xattrs(FsPath p) throws IOException {
        return Xattrs.list(p);
    }

    @Override
    public FileChannel openRead(FsPath p, @Nullable FileStat expected) throws IOException {
        int fd = Fd.open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_NOATIME, 0, "open");
        NativeChannel ch = new NativeChannel(fd, p);
        try {
            FileStat now = ch.stat();
            if (!now.isRegularFile()) {
                throw new FileSystemException(p.toString(), null, "not a regular file any more");
            }
            if (expected != null && (now.ino() != expected.ino() || now.dev() != expected.dev())) {
                throw new FileSystemException(p.toString(), null, "replaced by another file while being backed up");
            }
            Ops.clearNonBlocking(fd, p);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void mkdir(FsPath p, int perm) throws IOException {
        Ops.mkdir(p, perm);
    }

    @Override
    public FileChannel create(FsPath p) throws IOException {
        return new NativeChannel(Fd.open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600, "create"), p);
    }

    @Override
    public FileChannel openWrite(FsPath p) throws IOException {
        NativeChannel ch =
                new NativeChannel(Fd.open(p, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0, "open"), p);
        try {
            if (!ch.stat().isRegularFile()) {
                throw new FileSystemException(p.toString(), null, "not a regular file");
            }
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void setLength(FileChannel ch, long size) throws IOException {
        ch.truncate(size); // ftruncate: grows as well as shrinks
    }

    @Override
    public void symlink(byte[] target, FsPath link) throws IOException {
        Ops.symlink(target, link);
    }

    @Override
    public void link(FsPath existing, FsPath link) throws IOException {
        Ops.link(existing, link);
    }

    @Override
    public void mknod(FsPath p, int stMode, long rdev) throws IOException {
        Ops.mknod(p, stMode, rdev);
    }

    @Override
    public void unlink(FsPath p) throws IOException {
        Ops.unlink(p, 0);
    }

    @Override
    public void rmdir(FsPath p) throws IOException {
        Ops.unlink(p, AT_REMOVEDIR);
    }

    @Override
    public void rename(FsPath from, FsPath to) throws IOException {
        Ops.rename(from, to);
    }

    @Override
    public void chown(FsPath p, long uid, long gid) throws IOException {
        Ops.chown(p, uid, gid);
    }

    @Override
    public void chmod(FsPath p, int perm) throws IOException {
        Ops.chmod(p, perm);
    }

    @Override
    public void setTimes(FsPath p, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec) throws IOException {
        Ops.setTimes(p, atimeSec, atimeNsec, mtimeSec, mtimeNsec);
    }

    @Override
    public void setXattr(FsPath p, String name, byte[] value) throws IOException {
        Xattrs.set(p, name, value);
    }
}
