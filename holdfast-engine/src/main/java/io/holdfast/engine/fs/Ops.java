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
        try (Call c = new Call()) {
            if (s.invoke(c) != 0) {
                throw Errno.of(c.errno(), op, p);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static void mkdir(FsPath p, int perm) throws IOException {
        run(p, "mkdir", c -> {
            c.at(p);
            return (int) Libc.MKDIRAT.invokeExact(c.cap, c.dirfd, c.path, perm);
        });
    }

    static void symlink(byte[] target, FsPath link) throws IOException {
        run(link, "symlink", c -> {
            MemorySegment t = c.cstr(target);
            c.at(link);
            return (int) Libc.SYMLINKAT.invokeExact(c.cap, t, c.dirfd, c.path);
        });
    }

    static void link(FsPath existing, FsPath link) throws IOException {
        try (Call from = new Call();
                Call to = new Call()) {
            from.at(existing);
            to.at(link);
            int r = (int) Libc.LINKAT.invokeExact(to.cap, from.dirfd, from.path, to.dirfd, to.path, 0);
            if (r != 0) {
                throw Errno.of(to.errno(), "link", existing, link);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static void mknod(FsPath p, int stMode, long rdev) throws IOException {
        run(p, "mknod", c -> {
            c.at(p);
            return (int) Libc.MKNODAT.invokeExact(c.cap, c.dirfd, c.path, stMode, rdev);
        });
    }

    static void unlink(FsPath p, int flags) throws IOException {
        run(p, flags == 0 ? "unlink" : "rmdir", c -> {
            c.at(p);
            return (int) Libc.UNLINKAT.invokeExact(c.cap, c.dirfd, c.path, flags);
        });
    }

    static void rename(FsPath from, FsPath to) throws IOException {
        try (Call a = new Call();
                Call b = new Call()) {
            a.at(from);
            b.at(to);
            int r = (int) Libc.RENAMEAT.invokeExact(b.cap, a.dirfd, a.path, b.dirfd, b.path);
            if (r != 0) {
                throw Errno.of(b.errno(), "rename", from, to);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static void chown(FsPath p, long uid, long gid) throws IOException {
        run(p, "lchown", c -> {
            c.at(p);
            return (int)
                    Libc.FCHOWNAT.invokeExact(c.cap, c.dirfd, c.path, (int) uid, (int) gid, Libc.AT_SYMLINK_NOFOLLOW);
        });
    }

    static void chmod(FsPath p, int perm) throws IOException {
        run(p, "chmod", c -> {
            c.at(p);
            return (int) Libc.FCHMODAT.invokeExact(c.cap, c.dirfd, c.path, perm, 0);
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
            return (int) Libc.UTIMENSAT.invokeExact(c.cap, c.dirfd, c.path, ts, Libc.AT_SYMLINK_NOFOLLOW);
        });
    }

    /** Clears {@code O_NONBLOCK} once a descriptor is known to be a regular file. */
    static void clearNonBlocking(int fd, FsPath p) throws IOException {
        run(p, "fcntl", c -> {
            int flags = (int) Libc.FCNTL.invokeExact(c.cap, fd, Libc.F_GETFL, 0);
            if (flags < 0) {
                return flags;
            }
            return (int) Libc.FCNTL.invokeExact(c.cap, fd, Libc.F_SETFL, flags & ~Libc.O_NONBLOCK) < 0 ? -1 : 0;
        });
    }
}
