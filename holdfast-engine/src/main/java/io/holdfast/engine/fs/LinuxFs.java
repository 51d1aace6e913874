package io.holdfast.engine.fs;

import static io.holdfast.engine.fs.Libc.AT_EMPTY_PATH;
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
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.holdfast.format.tree.ExtendedAttribute;
import io.holdfast.format.tree.Names;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link LocalFs} on Linux through the C library ({@link Libc}): {@code statx}, {@code getdents64}, {@code openat}
 * with {@code O_NOFOLLOW|O_NONBLOCK|O_NOATIME}, the {@code l*xattr} calls, {@code mknodat}, {@code utimensat} with
 * nanoseconds. Paths longer than the kernel's {@code PATH_MAX} are reached through directory descriptors
 * ({@link Call#at}).
 */
final class LinuxFs implements LocalFs {
    private static final int STATX_SIZE = 256;

    static boolean available() {
        if (!Libc.AVAILABLE) {
            return false;
        }
        try (Call c = new Call()) {
            c.at(FsPath.root());
            MemorySegment buf = c.arena.allocate(STATX_SIZE, 8);
            int r = (int)
                    Libc.STATX.invokeExact(c.cap, c.dirfd, c.path, AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, buf);
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
        try (Call c = new Call()) {
            for (int size = 4096; ; size *= 2) {
                MemorySegment buf = c.arena.allocate(size);
                MemorySegment r = (MemorySegment) Libc.GETCWD.invokeExact(c.cap, buf, (long) size);
                if (r.address() != 0) {
                    return FsPath.of(cString(buf));
                }
                if (c.errno() != Libc.ERANGE) {
                    throw Errno.of(c.errno(), "getcwd", FsPath.of("."));
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
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
        try (Call c = new Call()) {
            c.at(p);
            MemorySegment buf = c.arena.allocate(STATX_SIZE, 8);
            int r = (int)
                    Libc.STATX.invokeExact(c.cap, c.dirfd, c.path, AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, buf);
            if (r != 0) {
                if (c.errno() == Libc.ENOENT) {
                    return null;
                }
                throw Errno.of(c.errno(), "lstat", p);
            }
            return stat(buf);
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static FileStat fstat(int fd, FsPath p) throws IOException {
        try (Call c = new Call()) {
            MemorySegment buf = c.arena.allocate(STATX_SIZE, 8);
            MemorySegment empty = c.arena.allocate(1);
            int r = (int) Libc.STATX.invokeExact(c.cap, fd, empty, AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, buf);
            if (r != 0) {
                throw Errno.of(c.errno(), "fstat", p);
            }
            return stat(buf);
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code struct statx} as a {@link FileStat}. */
    private static FileStat stat(MemorySegment b) {
        return new FileStat(
                Short.toUnsignedInt(b.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 28)),
                b.get(JAVA_LONG, 32),
                FileStat.makedev(u32(b, 136), u32(b, 140)),
                u32(b, 16),
                u32(b, 20),
                u32(b, 24),
                FileStat.makedev(u32(b, 128), u32(b, 132)),
                b.get(JAVA_LONG, 40),
                b.get(JAVA_LONG, 48),
                b.get(JAVA_LONG, 64),
                b.get(JAVA_INT, 72),
                b.get(JAVA_LONG, 112),
                b.get(JAVA_INT, 120),
                b.get(JAVA_LONG, 96),
                b.get(JAVA_INT, 104));
    }

    private static long u32(MemorySegment b, long off) {
        return Integer.toUnsignedLong(b.get(JAVA_INT, off));
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
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOATIME, 0, "open");
        try (Call c = new Call()) {
            List<byte[]> names = new ArrayList<>();
            int size = 64 << 10;
            MemorySegment buf = c.arena.allocate(size, 8);
            while (true) {
                long n = (long) Libc.GETDENTS64.invokeExact(c.cap, fd, buf, (long) size);
                if (n < 0) {
                    throw Errno.of(c.errno(), "readdir", dir);
                }
                if (n == 0) {
                    return names;
                }
                for (long at = 0; at < n; ) {
                    int reclen = Short.toUnsignedInt(buf.get(java.lang.foreign.ValueLayout.JAVA_SHORT, at + 16));
                    long nameAt = at + 19;
                    long end = nameAt;
                    while (buf.get(JAVA_BYTE, end) != 0) {
                        end++;
                    }
                    byte[] name = buf.asSlice(nameAt, end - nameAt).toArray(JAVA_BYTE);
                    if (!(name.length == 1 && name[0] == '.')
                            && !(name.length == 2 && name[0] == '.' && name[1] == '.')) {
                        names.add(name);
                    }
                    at += reclen;
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        } finally {
            close(fd, dir);
        }
    }

    @Override
    public byte[] readLink(FsPath p) throws IOException {
        try (Call c = new Call()) {
            c.at(p);
            for (long size = 4096; ; size *= 2) {
                MemorySegment buf = c.arena.allocate(size);
                long n = (long) Libc.READLINKAT.invokeExact(c.cap, c.dirfd, c.path, buf, size);
                if (n < 0) {
                    throw Errno.of(c.errno(), "readlink", p);
                }
                if (n < size) {
                    return buf.asSlice(0, n).toArray(JAVA_BYTE);
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<ExtendedAttribute> xattrs(FsPath p) throws IOException {
        return Xattrs.list(p);
    }

    @Override
    public FileChannel openRead(FsPath p, @Nullable FileStat expected) throws IOException {
        int fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_NOATIME, 0, "open");
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
        return new NativeChannel(open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600, "create"), p);
    }

    @Override
    public FileChannel openWrite(FsPath p) throws IOException {
        NativeChannel ch =
                new NativeChannel(open(p, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0, "open"), p);
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

    /** {@code openat} with {@code flags}; retries without {@code O_NOATIME} where the process may not use it. */
    static int open(FsPath p, int flags, int mode, String op) throws IOException {
        try (Call c = new Call()) {
            c.at(p);
            int fd = (int) Libc.OPENAT.invokeExact(c.cap, c.dirfd, c.path, flags, mode);
            if (fd < 0 && c.errno() == Libc.EPERM && (flags & O_NOATIME) != 0) {
                fd = (int) Libc.OPENAT.invokeExact(c.cap, c.dirfd, c.path, flags & ~O_NOATIME, mode);
            }
            if (fd < 0) {
                throw Errno.of(c.errno(), op, p);
            }
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static long pread(int fd, MemorySegment buf, long len, long pos, FsPath p) throws IOException {
        try (Call c = new Call()) {
            while (true) {
                long n = (long) Libc.PREAD.invokeExact(c.cap, fd, buf, len, pos);
                if (n >= 0) {
                    return n;
                }
                if (c.errno() != Libc.EINTR) {
                    throw Errno.of(c.errno(), "read", p);
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static long pwrite(int fd, MemorySegment buf, long len, long pos, FsPath p) throws IOException {
        try (Call c = new Call()) {
            while (true) {
                long n = (long) Libc.PWRITE.invokeExact(c.cap, fd, buf, len, pos);
                if (n >= 0) {
                    return n;
                }
                if (c.errno() != Libc.EINTR) {
                    throw Errno.of(c.errno(), "write", p);
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static void ftruncate(int fd, long size, FsPath p) throws IOException {
        simple(Libc.FTRUNCATE, fd, size, "truncate", p);
    }

    static void fsync(int fd, FsPath p) throws IOException {
        try (Call c = new Call()) {
            if ((int) Libc.FSYNC.invokeExact(c.cap, fd) != 0) {
                throw Errno.of(c.errno(), "fsync", p);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static void close(int fd, FsPath p) throws IOException {
        try (Call c = new Call()) {
            if ((int) Libc.CLOSE.invokeExact(c.cap, fd) != 0 && c.errno() != Libc.EINTR) {
                throw Errno.of(c.errno(), "close", p);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static void simple(java.lang.invoke.MethodHandle h, int fd, long arg, String op, FsPath p)
            throws IOException {
        try (Call c = new Call()) {
            if ((int) h.invokeExact(c.cap, fd, arg) != 0) {
                throw Errno.of(c.errno(), op, p);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of a NUL-terminated C string. */
    static byte[] cString(MemorySegment s) {
        long end = 0;
        while (s.get(JAVA_BYTE, end) != 0) {
            end++;
        }
        return s.asSlice(0, end).toArray(JAVA_BYTE);
    }

    static String display(byte[] name) {
        return Names.decode(name);
    }
}
