package io.holdfast.engine.fs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.Optional;

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

    /** The symbols of {@link Writes}, checked with the others for {@link #AVAILABLE}. */
    private static final String[] WRITE_NAMES = {
        "pwrite",
        "ftruncate",
        "fsync",
        "lsetxattr",
        "mkdirat",
        "mknodat",
        "symlinkat",
        "linkat",
        "unlinkat",
        "renameat",
        "fchownat",
        "fchmodat",
        "utimensat",
    };

    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    static final MethodHandle STATX;
    static final MethodHandle OPENAT;
    static final MethodHandle CLOSE;
    static final MethodHandle PREAD;
    static final MethodHandle GETDENTS64;
    static final MethodHandle READLINKAT;
    static final MethodHandle LLISTXATTR;
    static final MethodHandle LGETXATTR;
    static final MethodHandle GETCWD;
    static final MethodHandle FCNTL;
    static final MethodHandle GETPWUID_R;
    static final MethodHandle GETGRGID_R;

    static {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean linux =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        O_DIRECTORY = arm ? 040000 : 0200000;
        O_NOFOLLOW = arm ? 0100000 : 0400000;
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        boolean ok = linux
                && (x86 || arm)
                && libc.find("statx").isPresent()
                && libc.find("getdents64").isPresent();
        for (String name : WRITE_NAMES) {
            ok &= libc.find(name).isPresent();
        }
        Binder b = new Binder(linker, libc, ok);
        STATX = b.bind("statx", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
        OPENAT = b.variadic("openat", 3, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        CLOSE = b.bind("close", JAVA_INT, JAVA_INT);
        PREAD = b.bind("pread", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
        GETDENTS64 = b.bind("getdents64", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
        READLINKAT = b.bind("readlinkat", JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
        LLISTXATTR = b.bind("llistxattr", JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);
        LGETXATTR = b.bind("lgetxattr", JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
        GETCWD = b.bind("getcwd", ADDRESS, ADDRESS, JAVA_LONG);
        FCNTL = b.variadic("fcntl", 2, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        GETPWUID_R = b.bind("getpwuid_r", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        GETGRGID_R = b.bind("getgrgid_r", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        AVAILABLE = b.ok;
    }

    private Libc() {}

    /**
     * The calls only restores and other writers make, bound when first used: each binding spins hidden classes that
     * the AOT cache cannot hold, and a backup or a listing needs none of these (design.md §22). Their symbols are
     * checked with the others for {@link #AVAILABLE} ({@code WRITE_NAMES}); the class is first used after that.
     */
    static final class Writes {
        static final MethodHandle PWRITE;
        static final MethodHandle FTRUNCATE;
        static final MethodHandle FSYNC;
        static final MethodHandle LSETXATTR;
        static final MethodHandle MKDIRAT;
        static final MethodHandle MKNODAT;
        static final MethodHandle SYMLINKAT;
        static final MethodHandle LINKAT;
        static final MethodHandle UNLINKAT;
        static final MethodHandle RENAMEAT;
        static final MethodHandle FCHOWNAT;
        static final MethodHandle FCHMODAT;
        static final MethodHandle UTIMENSAT;

        static {
            Binder b = new Binder(Linker.nativeLinker(), Linker.nativeLinker().defaultLookup(), AVAILABLE);
            PWRITE = b.bind("pwrite", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
            FTRUNCATE = b.bind("ftruncate", JAVA_INT, JAVA_INT, JAVA_LONG);
            FSYNC = b.bind("fsync", JAVA_INT, JAVA_INT);
            LSETXATTR = b.bind("lsetxattr", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT);
            MKDIRAT = b.bind("mkdirat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
            MKNODAT = b.bind("mknodat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG);
            SYMLINKAT = b.bind("symlinkat", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
            LINKAT = b.bind("linkat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
            UNLINKAT = b.bind("unlinkat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
            RENAMEAT = b.bind("renameat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
            FCHOWNAT = b.bind("fchownat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT);
            FCHMODAT = b.bind("fchmodat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
            UTIMENSAT = b.bind("utimensat", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
        }

        private Writes() {}
    }

    /** The {@code errno} a call left in its capture segment. */
    static int errno(java.lang.foreign.MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** Binds symbols; remembers whether any was missing so that the caller falls back to {@link NioFs}. */
    private static final class Binder {
        private final Linker linker;
        private final SymbolLookup libc;
        boolean ok;

        Binder(Linker linker, SymbolLookup libc, boolean ok) {
            this.linker = linker;
            this.libc = libc;
            this.ok = ok;
        }

        MethodHandle bind(String name, MemoryLayout result, MemoryLayout... args) {
            return variadic(name, -1, result, args);
        }

        MethodHandle variadic(String name, int firstVariadic, MemoryLayout result, MemoryLayout... args) {
            FunctionDescriptor fd = FunctionDescriptor.of(result, args);
            Optional<java.lang.foreign.MemorySegment> sym = ok ? libc.find(name) : Optional.empty();
            if (sym.isEmpty()) {
                ok = false;
                return java.lang.invoke.MethodHandles.empty(
                        fd.toMethodType().insertParameterTypes(0, java.lang.foreign.MemorySegment.class));
            }
            Linker.Option capture = Linker.Option.captureCallState("errno");
            return firstVariadic < 0
                    ? linker.downcallHandle(sym.get(), fd, capture)
                    : linker.downcallHandle(sym.get(), fd, capture, Linker.Option.firstVariadicArg(firstVariadic));
        }
    }
}
