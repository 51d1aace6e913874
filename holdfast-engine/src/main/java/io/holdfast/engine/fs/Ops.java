package io.holdfast.engine.fs;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/** The writing calls of {@link LinuxFs}: one method per system call, each failing with {@link Errno}'s exception. */
final class Ops {
    private Ops() {}

    /** A call that returns 0 or -1 and sets {@code errno}. */
    @FunctionalInterface
    private interface Syscall {
        int invoke(Call c) throws Throwable;
    }

    private static void run(FsPath p, String op, Syscall s) throws IOException {
        Call.exec(c -> {
            if (s.invoke(c) != 0) {
                throw Errno.of(c.errno(), op, p);
            }
        });
    }

    static void mkdir(FsPath p, int perm) throws IOException {
        run(p, "mkdir", c -> {
            c.at(p);
            return Libc.mkdirat(c.cap, c.dirfd, c.path, perm);
        });
    }

    static void symlink(byte[] target, FsPath link) throws IOException {
        run(link, "symlink", c -> {
            MemorySegment t = c.cstr(target);
            c.at(link);
            return Libc.symlinkat(c.cap, t, c.dirfd, c.path);
        });
    }

    /** A call on two paths ({@code linkat}, {@code renameat}): each resolved in a call context of its own. */
    @FunctionalInterface
    private interface TwoPaths {
        int invoke(Call from, Call to) throws Throwable;
    }

    private static void run2(FsPath from, FsPath to, String op, TwoPaths s) throws IOException {
        Call.exec(a -> {
            try (Call b = new Call()) {
                a.at(from);
                b.at(to);
                if (s.invoke(a, b) != 0) {
                    throw Errno.of(a.errno(), op, from, to);
                }
            }
        });
    }

    static void link(FsPath existing, FsPath link) throws IOException {
        run2(existing, link, "link", (a, b) -> Libc.linkat(a.cap, a.dirfd, a.path, b.dirfd, b.path, 0));
    }

    static void mknod(FsPath p, int stMode, long rdev) throws IOException {
        run(p, "mknod", c -> {
            c.at(p);
            return Libc.mknodat(c.cap, c.dirfd, c.path, stMode, rdev);
        });
    }

    static void unlink(FsPath p, int flags) throws IOException {
        run(p, flags == 0 ? "unlink" : "rmdir", c -> {
            c.at(p);
            return Libc.unlinkat(c.cap, c.dirfd, c.path, flags);
        });
    }

    static void rename(FsPath from, FsPath to) throws IOException {
        run2(from, to, "rename", (a, b) -> Libc.renameat(a.cap, a.dirfd, a.path, b.dirfd, b.path));
    }

    static void chown(FsPath p, long uid, long gid) throws IOException {
        run(p, "lchown", c -> {
            c.at(p);
            return Libc.fchownat(c.cap, c.dirfd, c.path, (int) uid, (int) gid, Libc.AT_SYMLINK_NOFOLLOW);
        });
    }

    static void chmod(FsPath p, int perm) throws IOException {
        run(p, "chmod", c -> {
            c.at(p);
            return Libc.fchmodat(c.cap, c.dirfd, c.path, perm, 0);
        });
    }

    static void setTimes(FsPath p, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec) throws IOException {
        run(p, "utimensat", c -> {
            c.at(p);
            MemorySegment ts = c.arena.allocate(32, 8);
            ts.set(JAVA_LONG, 0, atimeSec);
            ts.set(JAVA_LONG, 8, atimeNsec);
            ts.set(JAVA_LONG, 16, mtimeSec);
            ts.set(JAVA_LONG, 24, mtimeNsec);
            return Libc.utimensat(c.cap, c.dirfd, c.path, ts, Libc.AT_SYMLINK_NOFOLLOW);
        });
    }

    /** Clears {@code O_NONBLOCK} once a descriptor is known to be a regular file. */
    static void clearNonBlocking(int fd, FsPath p) throws IOException {
        run(p, "fcntl", c -> {
            int flags = Libc.fcntl(c.cap, fd, Libc.F_GETFL, 0);
            if (flags < 0) {
                return flags;
            }
            return Libc.fcntl(c.cap, fd, Libc.F_SETFL, flags & ~Libc.O_NONBLOCK) < 0 ? -1 : 0;
        });
    }
}
