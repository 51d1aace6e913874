package io.holdfast.engine.fs;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.util.Locale;

/**
 * The C library calls of {@link LinuxFs} through the FFM API, for Linux on x86-64 and AArch64 with glibc 2.30 or
 * later ({@code statx} and {@code getdents64} wrappers). Every handle captures {@code errno}. Constants differ between
 * the two architectures only in {@code O_DIRECTORY} and {@code O_NOFOLLOW}.
 */
final class Libc {
    static final boolean AVAILABLE;

    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_EMPTY_PATH = 0x1000;
    static final int STATX_BASIC_STATS = 0x7ff;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NOCTTY = 0400;
    static final int O_NONBLOCK = 04000;
    static final int O_NOATIME = 01000000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;
    static final int O_DIRECTORY;
    static final int O_NOFOLLOW;

    static final int F_GETFL = 3;
    static final int F_SETFL = 4;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int ERANGE = 34;
    static final int ENAMETOOLONG = 36;
    static final int ENOSYS = 38;
    static final int ENOTEMPTY = 39;
    static final int ELOOP = 40;
    static final int ENODATA = 61;
    static final int ENOTSUP = 95;

    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    private static final MemorySegment STATX = symbol("statx");
    private static final MemorySegment OPENAT = symbol("openat");
    private static final MemorySegment CLOSE = symbol("close");
    private static final MemorySegment PREAD = symbol("pread");
    private static final MemorySegment GETDENTS64 = symbol("getdents64");
    private static final MemorySegment READLINKAT = symbol("readlinkat");
    private static final MemorySegment LLISTXATTR = symbol("llistxattr");
    private static final MemorySegment LGETXATTR = symbol("lgetxattr");
    private static final MemorySegment GETCWD = symbol("getcwd");
    private static final MemorySegment FCNTL = symbol("fcntl");
    private static final MemorySegment GETPWUID_R = symbol("getpwuid_r");
    private static final MemorySegment GETGRGID_R = symbol("getgrgid_r");
    private static final MemorySegment PWRITE = symbol("pwrite");
    private static final MemorySegment FTRUNCATE = symbol("ftruncate");
    private static final MemorySegment FSYNC = symbol("fsync");
    private static final MemorySegment LSETXATTR = symbol("lsetxattr");
    private static final MemorySegment MKDIRAT = symbol("mkdirat");
    private static final MemorySegment MKNODAT = symbol("mknodat");
    private static final MemorySegment SYMLINKAT = symbol("symlinkat");
    private static final MemorySegment LINKAT = symbol("linkat");
    private static final MemorySegment UNLINKAT = symbol("unlinkat");
    private static final MemorySegment RENAMEAT = symbol("renameat");
    private static final MemorySegment FCHOWNAT = symbol("fchownat");
    private static final MemorySegment FCHMODAT = symbol("fchmodat");
    private static final MemorySegment UTIMENSAT = symbol("utimensat");

    static {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean linux =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        O_DIRECTORY = arm ? 040000 : 0200000;
        O_NOFOLLOW = arm ? 0100000 : 0400000;
        boolean found = true;
        for (MemorySegment sym : new MemorySegment[] {
            STATX, OPENAT, CLOSE, PREAD, GETDENTS64, READLINKAT, LLISTXATTR, LGETXATTR, GETCWD, FCNTL, GETPWUID_R,
            GETGRGID_R, PWRITE, FTRUNCATE, FSYNC, LSETXATTR, MKDIRAT, MKNODAT, SYMLINKAT, LINKAT, UNLINKAT, RENAMEAT,
            FCHOWNAT, FCHMODAT, UTIMENSAT
        }) {
            found &= sym.address() != 0;
        }
        AVAILABLE = linux && (x86 || arm) && found;
    }

    private Libc() {}

    /*
     * Every call goes through one of two downcall handles: one for plain functions, one for variadic ones (openat,
     * fcntl). Arguments go as six 64-bit integers: an int sign-extended, a pointer as its address, zeros after the
     * last; a C function reads only the low half of an int argument's register and never looks at arguments it does
     * not take, and integer arguments of a variadic function travel as the named ones do. A plain function's result is
     * read as a 64-bit integer, whose low half is an int result (x86-64's eax in rax, AArch64's w0 in x0). Binding a
     * handle spins hidden classes that no AOT cache holds, a set for each distinct C signature: a restore spun 206
     * classes with one binding per signature, 95 with these two (design.md §22). Each is bound when first used.
     */

    private static final class PlainCall {
        static final MethodHandle H = shape(JAVA_LONG, false);
    }

    private static final class VariadicCall {
        static final MethodHandle H = shape(JAVA_INT, true);
    }

    private static MethodHandle shape(MemoryLayout result, boolean variadic) {
        FunctionDescriptor fd =
                FunctionDescriptor.of(result, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        Linker.Option capture = Linker.Option.captureCallState("errno");
        return variadic
                ? LINKER.downcallHandle(fd, capture, Linker.Option.firstVariadicArg(2))
                : LINKER.downcallHandle(fd, capture);
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElse(MemorySegment.NULL);
    }

    /** The address of native memory; a heap segment has none to give the kernel. */
    private static long at(MemorySegment s) {
        if (!s.isNative()) {
            throw new IllegalArgumentException("not native memory: " + s);
        }
        return s.address();
    }

    /** A function that returns an int: the low half of the result register. */
    private static int callInt(MemorySegment fn, MemorySegment cap, long a, long b, long c, long d, long e, long f)
            throws Throwable {
        return (int) callLong(fn, cap, a, b, c, d, e, f);
    }

    private static long callLong(MemorySegment fn, MemorySegment cap, long a, long b, long c, long d, long e, long f)
            throws Throwable {
        return (long) PlainCall.H.invokeExact(fn, cap, a, b, c, d, e, f);
    }

    static int statx(MemorySegment cap, int dirfd, MemorySegment path, int flags, int mask, MemorySegment buf)
            throws Throwable {
        return callInt(STATX, cap, dirfd, at(path), flags, mask, at(buf), 0);
    }

    static int openat(MemorySegment cap, int dirfd, MemorySegment path, int flags, int mode) throws Throwable {
        return (int) VariadicCall.H.invokeExact(OPENAT, cap, (long) dirfd, at(path), (long) flags, (long) mode, 0L, 0L);
    }

    static int close(MemorySegment cap, int fd) throws Throwable {
        return callInt(CLOSE, cap, fd, 0, 0, 0, 0, 0);
    }

    static long pread(MemorySegment cap, int fd, MemorySegment buf, long len, long pos) throws Throwable {
        try {
            return callLong(PREAD, cap, fd, at(buf), len, pos, 0, 0);
        } finally {
            Reference.reachabilityFence(buf); // it may be a direct buffer's, freed once unreachable
        }
    }

    static long getdents64(MemorySegment cap, int fd, MemorySegment buf, long size) throws Throwable {
        return callLong(GETDENTS64, cap, fd, at(buf), size, 0, 0, 0);
    }

    static long readlinkat(MemorySegment cap, int dirfd, MemorySegment path, MemorySegment buf, long size)
            throws Throwable {
        return callLong(READLINKAT, cap, dirfd, at(path), at(buf), size, 0, 0);
    }

    static long llistxattr(MemorySegment cap, MemorySegment path, MemorySegment buf, long size) throws Throwable {
        return callLong(LLISTXATTR, cap, at(path), at(buf), size, 0, 0, 0);
    }

    static long lgetxattr(MemorySegment cap, MemorySegment path, MemorySegment name, MemorySegment buf, long size)
            throws Throwable {
        return callLong(LGETXATTR, cap, at(path), at(name), at(buf), size, 0, 0);
    }

    /** {@code getcwd}: the address it returns, 0 on failure. */
    static long getcwd(MemorySegment cap, MemorySegment buf, long size) throws Throwable {
        return callLong(GETCWD, cap, at(buf), size, 0, 0, 0, 0);
    }

    static int fcntl(MemorySegment cap, int fd, int cmd, int arg) throws Throwable {
        return (int) VariadicCall.H.invokeExact(FCNTL, cap, (long) fd, (long) cmd, (long) arg, 0L, 0L, 0L);
    }

    static int getpwuidR(MemorySegment cap, int uid, MemorySegment pwd, MemorySegment buf, long size, MemorySegment out)
            throws Throwable {
        return callInt(GETPWUID_R, cap, uid, at(pwd), at(buf), size, at(out), 0);
    }

    static int getgrgidR(MemorySegment cap, int gid, MemorySegment grp, MemorySegment buf, long size, MemorySegment out)
            throws Throwable {
        return callInt(GETGRGID_R, cap, gid, at(grp), at(buf), size, at(out), 0);
    }

    static long pwrite(MemorySegment cap, int fd, MemorySegment buf, long len, long pos) throws Throwable {
        try {
            return callLong(PWRITE, cap, fd, at(buf), len, pos, 0, 0);
        } finally {
            Reference.reachabilityFence(buf); // it may be a direct buffer's, freed once unreachable
        }
    }

    static int ftruncate(MemorySegment cap, int fd, long size) throws Throwable {
        return callInt(FTRUNCATE, cap, fd, size, 0, 0, 0, 0);
    }

    static int fsync(MemorySegment cap, int fd) throws Throwable {
        return callInt(FSYNC, cap, fd, 0, 0, 0, 0, 0);
    }

    static int lsetxattr(
            MemorySegment cap, MemorySegment path, MemorySegment name, MemorySegment value, long size, int flags)
            throws Throwable {
        return callInt(LSETXATTR, cap, at(path), at(name), at(value), size, flags, 0);
    }

    static int mkdirat(MemorySegment cap, int dirfd, MemorySegment path, int mode) throws Throwable {
        return callInt(MKDIRAT, cap, dirfd, at(path), mode, 0, 0, 0);
    }

    static int mknodat(MemorySegment cap, int dirfd, MemorySegment path, int mode, long dev) throws Throwable {
        return callInt(MKNODAT, cap, dirfd, at(path), mode, dev, 0, 0);
    }

    static int symlinkat(MemorySegment cap, MemorySegment target, int dirfd, MemorySegment path) throws Throwable {
        return callInt(SYMLINKAT, cap, at(target), dirfd, at(path), 0, 0, 0);
    }

    static int linkat(MemorySegment cap, int fromDir, MemorySegment from, int toDir, MemorySegment to, int flags)
            throws Throwable {
        return callInt(LINKAT, cap, fromDir, at(from), toDir, at(to), flags, 0);
    }

    static int unlinkat(MemorySegment cap, int dirfd, MemorySegment path, int flags) throws Throwable {
        return callInt(UNLINKAT, cap, dirfd, at(path), flags, 0, 0, 0);
    }

    static int renameat(MemorySegment cap, int fromDir, MemorySegment from, int toDir, MemorySegment to)
            throws Throwable {
        return callInt(RENAMEAT, cap, fromDir, at(from), toDir, at(to), 0, 0);
    }

    static int fchownat(MemorySegment cap, int dirfd, MemorySegment path, int uid, int gid, int flags)
            throws Throwable {
        return callInt(FCHOWNAT, cap, dirfd, at(path), uid, gid, flags, 0);
    }

    static int fchmodat(MemorySegment cap, int dirfd, MemorySegment path, int mode, int flags) throws Throwable {
        return callInt(FCHMODAT, cap, dirfd, at(path), mode, flags, 0, 0);
    }

    static int utimensat(MemorySegment cap, int dirfd, MemorySegment path, MemorySegment times, int flags)
            throws Throwable {
        return callInt(UTIMENSAT, cap, dirfd, at(path), at(times), flags, 0, 0);
    }

    /** The {@code errno} a call left in its capture segment. */
    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }
}
