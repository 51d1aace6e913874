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

    /** Every symbol bound here: all must be present for {@link #AVAILABLE}. */
    private static final String[] NAMES = {
        "statx",
        "openat",
        "close",
        "pread",
        "getdents64",
        "readlinkat",
        "llistxattr",
        "lgetxattr",
        "getcwd",
        "fcntl",
        "getpwuid_r",
        "getgrgid_r",
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
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    static {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean linux =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        O_DIRECTORY = arm ? 040000 : 0200000;
        O_NOFOLLOW = arm ? 0100000 : 0400000;
        boolean ok = linux && (x86 || arm);
        for (String name : NAMES) {
            ok &= LIBC.find(name).isPresent();
        }
        AVAILABLE = ok;
    }

    private Libc() {}

    /*
     * Each call is bound when first used, by its own holder class: a binding spins hidden classes that no AOT cache
     * holds and builds thousands of method types (enough, with all 25 bound at once, for C2 to compile
     * MethodType.makeImpl during a restore), and a command needs only some of them: a backup none of the writes, a
     * restore of plain files no links, devices or xattrs (design.md §22).
     */

    /** {@code statx}. */
    static final class Statx {
        static final MethodHandle CALL = bind("statx", -1, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);

        private Statx() {}
    }

    /** {@code openat}. */
    static final class Openat {
        static final MethodHandle CALL = bind("openat", 3, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);

        private Openat() {}
    }

    /** {@code close}. */
    static final class Close {
        static final MethodHandle CALL = bind("close", -1, JAVA_INT, JAVA_INT);

        private Close() {}
    }

    /** {@code pread}. */
    static final class Pread {
        static final MethodHandle CALL = bind("pread", -1, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);

        private Pread() {}
    }

    /** {@code getdents64}. */
    static final class Getdents64 {
        static final MethodHandle CALL = bind("getdents64", -1, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);

        private Getdents64() {}
    }

    /** {@code readlinkat}. */
    static final class Readlinkat {
        static final MethodHandle CALL = bind("readlinkat", -1, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);

        private Readlinkat() {}
    }

    /** {@code llistxattr}. */
    static final class Llistxattr {
        static final MethodHandle CALL = bind("llistxattr", -1, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);

        private Llistxattr() {}
    }

    /** {@code lgetxattr}. */
    static final class Lgetxattr {
        static final MethodHandle CALL = bind("lgetxattr", -1, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);

        private Lgetxattr() {}
    }

    /** {@code getcwd}. */
    static final class Getcwd {
        static final MethodHandle CALL = bind("getcwd", -1, ADDRESS, ADDRESS, JAVA_LONG);

        private Getcwd() {}
    }

    /** {@code fcntl}. */
    static final class Fcntl {
        static final MethodHandle CALL = bind("fcntl", 2, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);

        private Fcntl() {}
    }

    /** {@code getpwuid_r}. */
    static final class GetpwuidR {
        static final MethodHandle CALL =
                bind("getpwuid_r", -1, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);

        private GetpwuidR() {}
    }

    /** {@code getgrgid_r}. */
    static final class GetgrgidR {
        static final MethodHandle CALL =
                bind("getgrgid_r", -1, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);

        private GetgrgidR() {}
    }

    /** {@code pwrite}. */
    static final class Pwrite {
        static final MethodHandle CALL = bind("pwrite", -1, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);

        private Pwrite() {}
    }

    /** {@code ftruncate}. */
    static final class Ftruncate {
        static final MethodHandle CALL = bind("ftruncate", -1, JAVA_INT, JAVA_INT, JAVA_LONG);

        private Ftruncate() {}
    }

    /** {@code fsync}. */
    static final class Fsync {
        static final MethodHandle CALL = bind("fsync", -1, JAVA_INT, JAVA_INT);

        private Fsync() {}
    }

    /** {@code lsetxattr}. */
    static final class Lsetxattr {
        static final MethodHandle CALL =
                bind("lsetxattr", -1, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT);

        private Lsetxattr() {}
    }

    /** {@code mkdirat}. */
    static final class Mkdirat {
        static final MethodHandle CALL = bind("mkdirat", -1, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);

        private Mkdirat() {}
    }

    /** {@code mknodat}. */
    static final class Mknodat {
        static final MethodHandle CALL = bind("mknodat", -1, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG);

        private Mknodat() {}
    }

    /** {@code symlinkat}. */
    static final class Symlinkat {
        static final MethodHandle CALL = bind("symlinkat", -1, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);

        private Symlinkat() {}
    }

    /** {@code linkat}. */
    static final class Linkat {
        static final MethodHandle CALL = bind("linkat", -1, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);

        private Linkat() {}
    }

    /** {@code unlinkat}. */
    static final class Unlinkat {
        static final MethodHandle CALL = bind("unlinkat", -1, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);

        private Unlinkat() {}
    }

    /** {@code renameat}. */
    static final class Renameat {
        static final MethodHandle CALL = bind("renameat", -1, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);

        private Renameat() {}
    }

    /** {@code fchownat}. */
    static final class Fchownat {
        static final MethodHandle CALL =
                bind("fchownat", -1, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT);

        private Fchownat() {}
    }

    /** {@code fchmodat}. */
    static final class Fchmodat {
        static final MethodHandle CALL = bind("fchmodat", -1, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);

        private Fchmodat() {}
    }

    /** {@code utimensat}. */
    static final class Utimensat {
        static final MethodHandle CALL = bind("utimensat", -1, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);

        private Utimensat() {}
    }

    /** Binds a symbol that {@link #AVAILABLE} found; with {@code firstVariadic} >= 0, a variadic function. */
    private static MethodHandle bind(String name, int firstVariadic, MemoryLayout result, MemoryLayout... args) {
        FunctionDescriptor fd = FunctionDescriptor.of(result, args);
        Optional<java.lang.foreign.MemorySegment> sym = AVAILABLE ? LIBC.find(name) : Optional.empty();
        if (sym.isEmpty()) { // only reached when LinuxFs is not used
            return java.lang.invoke.MethodHandles.empty(
                    fd.toMethodType().insertParameterTypes(0, java.lang.foreign.MemorySegment.class));
        }
        Linker.Option capture = Linker.Option.captureCallState("errno");
        return firstVariadic < 0
                ? LINKER.downcallHandle(sym.get(), fd, capture)
                : LINKER.downcallHandle(sym.get(), fd, capture, Linker.Option.firstVariadicArg(firstVariadic));
    }

    /** The {@code errno} a call left in its capture segment. */
    static int errno(java.lang.foreign.MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }
}
