package io.holdfast.engine.fs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The native memory of one system call: the {@code errno} capture, C strings, and the directory descriptor and
 * relative path that name a file. A path longer than {@link #DIRECT} bytes (the kernel refuses paths of
 * {@code PATH_MAX}, 4096, and more) is reached by opening its directories a stretch at a time with {@code O_PATH}, so
 * that trees nested deeper than {@code PATH_MAX} are read and restored too. Freed by {@link #close()}.
 */
final class Call implements AutoCloseable {
    /** Paths up to this length are passed to the kernel whole. */
    static final int DIRECT = 4000;

    final Arena arena = Arena.ofConfined();
    final MemorySegment cap = arena.allocate(Libc.CAPTURE);
    int dirfd = Libc.AT_FDCWD;
    MemorySegment path = MemorySegment.NULL;
    private final List<Integer> fds = new ArrayList<>(0);

    /** The body of one system call's wrapper. */
    @FunctionalInterface
    interface Body<T extends @Nullable Object> {
        T apply(Call c) throws Throwable;
    }

    /** The body of a wrapper that returns nothing. */
    @FunctionalInterface
    interface VoidBody {
        void apply(Call c) throws Throwable;
    }

    /** As {@link #run}, for a body that returns nothing. */
    static void exec(VoidBody body) throws IOException {
        Call.<@Nullable Object>run(c -> {
            body.apply(c);
            return null;
        });
    }

    /**
     * Runs {@code body} with a fresh call context and frees it after; I/O and runtime errors pass through, anything
     * else a method handle may throw (it declares {@code Throwable}) becomes an {@link IllegalStateException}.
     */
    static <T extends @Nullable Object> T run(Body<T> body) throws IOException {
        try (Call c = new Call()) {
            return body.apply(c);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    int errno() {
        return Libc.errno(cap);
    }

    /** A NUL-terminated copy of {@code bytes}. */
    MemorySegment cstr(byte[] bytes) {
        MemorySegment s = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, s, JAVA_BYTE, 0, bytes.length);
        s.set(JAVA_BYTE, bytes.length, (byte) 0);
        return s;
    }

    /** Sets {@link #dirfd} and {@link #path} to name {@code p}. */
    Call at(FsPath p) throws IOException {
        byte[] raw = p.raw();
        if (raw.length <= DIRECT) {
            dirfd = Libc.AT_FDCWD;
            path = cstr(raw);
            return this;
        }
        int slash = lastSlash(raw);
        byte[] dir = java.util.Arrays.copyOf(raw, Math.max(slash, 1));
        dirfd = openDir(dir, p);
        path = cstr(java.util.Arrays.copyOfRange(raw, slash + 1, raw.length));
        return this;
    }

    /**
     * A path for the calls that have no {@code *at} form (the {@code l*xattr} family): the path itself, or for a long
     * one its name below {@code /proc/self/fd/N}, N the descriptor of its directory.
     */
    MemorySegment plainPath(FsPath p) throws IOException {
        at(p);
        if (dirfd == Libc.AT_FDCWD) {
            return path;
        }
        byte[] name = Fd.cString(path);
        byte[] prefix = ("/proc/self/fd/" + dirfd + "/").getBytes(StandardCharsets.US_ASCII);
        byte[] full = java.util.Arrays.copyOf(prefix, prefix.length + name.length);
        System.arraycopy(name, 0, full, prefix.length, name.length);
        return cstr(full);
    }

    /** Opens directory {@code dir} (longer than the kernel takes) with {@code O_PATH}, a stretch of names at a time. */
    private int openDir(byte[] dir, FsPath whole) throws IOException {
        int fd = Libc.AT_FDCWD;
        int start = 0;
        while (start < dir.length) {
            int end = Math.min(dir.length, start + DIRECT);
            if (end < dir.length) {
                while (end > start && dir[end] != '/') {
                    end--;
                }
                if (end == start) {
                    throw Errno.of(Libc.ENAMETOOLONG, "open", whole);
                }
            }
            byte[] part = java.util.Arrays.copyOfRange(dir, start, Math.max(end, start + 1));
            if (part.length == 0) {
                break;
            }
            fd = openPath(fd, part, whole);
            start = end + 1;
        }
        return fd;
    }

    private int openPath(int at, byte[] part, FsPath whole) throws IOException {
        int flags = Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC;
        try {
            int fd = Libc.openat(cap, at, cstr(part), flags, 0);
            if (fd < 0) {
                throw Errno.of(errno(), "open", whole);
            }
            fds.add(fd);
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static int lastSlash(byte[] raw) {
        for (int i = raw.length - 1; i >= 0; i--) {
            if (raw[i] == '/') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        for (int fd : fds) {
            try {
                int unused = Libc.close(cap, fd);
            } catch (Throwable e) {
                // closing an O_PATH descriptor cannot fail in a way that matters
            }
        }
        arena.close();
    }
}
