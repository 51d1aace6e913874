package io.holdfast.engine.fs;

import static io.holdfast.engine.fs.Libc.AT_EMPTY_PATH;
import static io.holdfast.engine.fs.Libc.O_NOATIME;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** The calls on a file descriptor (and {@code openat}, which makes one) for {@link LinuxFs} and {@link NativeChannel}. */
final class Fd {
    static final int STATX_SIZE = 256;

    private Fd() {}

    static FileStat fstat(int fd, FsPath p) throws IOException {
        return Call.run(c -> {
            MemorySegment buf = c.arena.allocate(STATX_SIZE, 8);
            MemorySegment empty = c.arena.allocate(1);
            int r = Libc.statx(c.cap, fd, empty, AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, buf);
            if (r != 0) {
                throw Errno.of(c.errno(), "fstat", p);
            }
            return stat(buf);
        });
    }

    /** A {@code struct statx} as a {@link FileStat}. */
    static FileStat stat(MemorySegment b) {
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

    static List<byte[]> readNames(Call c, int fd, FsPath dir) throws Throwable {
        {
            List<byte[]> names = new ArrayList<>();
            int size = 64 << 10;
            MemorySegment buf = c.arena.allocate(size, 8);
            while (true) {
                long n = Libc.getdents64(c.cap, fd, buf, size);
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
        }
    }

    /** {@code openat} with {@code flags}; retries without {@code O_NOATIME} where the process may not use it. */
    static int open(FsPath p, int flags, int mode, String op) throws IOException {
        return Call.run(c -> {
            c.at(p);
            int fd = Libc.openat(c.cap, c.dirfd, c.path, flags, mode);
            if (fd < 0 && c.errno() == Libc.EPERM && (flags & O_NOATIME) != 0) {
                fd = Libc.openat(c.cap, c.dirfd, c.path, flags & ~O_NOATIME, mode);
            }
            if (fd < 0) {
                throw Errno.of(c.errno(), op, p);
            }
            return fd;
        });
    }

    static long pread(int fd, MemorySegment buf, long len, long pos, FsPath p) throws IOException {
        return Call.run(c -> {
            while (true) {
                long n = Libc.pread(c.cap, fd, buf, len, pos);
                if (n >= 0) {
                    return n;
                }
                if (c.errno() != Libc.EINTR) {
                    throw Errno.of(c.errno(), "read", p);
                }
            }
        });
    }

    static long pwrite(int fd, MemorySegment buf, long len, long pos, FsPath p) throws IOException {
        return Call.run(c -> {
            while (true) {
                long n = Libc.pwrite(c.cap, fd, buf, len, pos);
                if (n >= 0) {
                    return n;
                }
                if (c.errno() != Libc.EINTR) {
                    throw Errno.of(c.errno(), "write", p);
                }
            }
        });
    }

    static void ftruncate(int fd, long size, FsPath p) throws IOException {
        Call.exec(c -> {
            if (Libc.ftruncate(c.cap, fd, size) != 0) {
                throw Errno.of(c.errno(), "truncate", p);
            }
        });
    }

    static void fsync(int fd, FsPath p) throws IOException {
        Call.exec(c -> {
            if (Libc.fsync(c.cap, fd) != 0) {
                throw Errno.of(c.errno(), "fsync", p);
            }
        });
    }

    static void close(int fd, FsPath p) throws IOException {
        Call.exec(c -> {
            if (Libc.close(c.cap, fd) != 0 && c.errno() != Libc.EINTR) {
                throw Errno.of(c.errno(), "close", p);
            }
        });
    }

    /** The bytes of a NUL-terminated C string. */
    static byte[] cString(MemorySegment s) {
        long end = 0;
        while (s.get(JAVA_BYTE, end) != 0) {
            end++;
        }
        return s.asSlice(0, end).toArray(JAVA_BYTE);
    }
}
