package io.holdfast.engine.fs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.holdfast.format.tree.ExtendedAttribute;
import io.holdfast.format.tree.Names;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Extended attributes of every namespace through {@code llistxattr}, {@code lgetxattr} and {@code lsetxattr}: the
 * path itself, never a symbolic link's target, and the file is never opened (listing a FIFO's attributes through an
 * open descriptor blocks until a writer comes).
 */
final class Xattrs {
    private Xattrs() {}

    /** The attributes in the order the file system lists them (restic's order); none where unsupported. */
    static List<ExtendedAttribute> list(FsPath p) throws IOException {
        return Call.run(c -> {
            MemorySegment path = c.plainPath(p);
            byte[] names = null;
            for (int attempt = 0; names == null && attempt < 5; attempt++) {
                long size = Libc.llistxattr(c.cap, path, MemorySegment.NULL, 0L);
                if (size < 0) {
                    return failedList(c.errno(), p);
                }
                if (size == 0) {
                    return List.of();
                }
                MemorySegment buf = c.arena.allocate(size);
                long n = Libc.llistxattr(c.cap, path, buf, size);
                if (n >= 0) {
                    names = buf.asSlice(0, n).toArray(JAVA_BYTE);
                } else if (c.errno() != Libc.ERANGE) {
                    return failedList(c.errno(), p);
                }
            }
            if (names == null) {
                throw Errno.of(Libc.ERANGE, "llistxattr", p);
            }
            List<ExtendedAttribute> out = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < names.length; i++) {
                if (names[i] == 0) {
                    if (i > start) {
                        byte[] name = java.util.Arrays.copyOfRange(names, start, i);
                        byte[] value = get(c, path, name, p);
                        if (value != null) {
                            out.add(ExtendedAttribute.of(Names.decode(name), value));
                        }
                    }
                    start = i + 1;
                }
            }
            return out;
        });
    }

    private static List<ExtendedAttribute> failedList(int errno, FsPath p) throws IOException {
        if (errno == Libc.ENOTSUP) {
            return List.of(); // file system without extended attributes
        }
        throw Errno.of(errno, "llistxattr", p);
    }

    /** One value, or {@code null} if the attribute went away meanwhile. */
    private static byte @org.jspecify.annotations.Nullable [] get(Call c, MemorySegment path, byte[] name, FsPath p)
            throws Throwable {
        MemorySegment n = c.cstr(name);
        for (int attempt = 0; attempt < 5; attempt++) {
            long size = Libc.lgetxattr(c.cap, path, n, MemorySegment.NULL, 0L);
            if (size < 0) {
                if (c.errno() == Libc.ENODATA) {
                    return null;
                }
                throw Errno.of(c.errno(), "lgetxattr " + Names.decode(name), p);
            }
            if (size == 0) {
                return new byte[0];
            }
            MemorySegment buf = c.arena.allocate(size);
            long got = Libc.lgetxattr(c.cap, path, n, buf, size);
            if (got >= 0) {
                return buf.asSlice(0, got).toArray(JAVA_BYTE);
            }
            if (c.errno() != Libc.ERANGE) {
                throw Errno.of(c.errno(), "lgetxattr " + Names.decode(name), p);
            }
        }
        throw Errno.of(Libc.ERANGE, "lgetxattr " + Names.decode(name), p);
    }

    static void set(FsPath p, String name, byte[] value) throws IOException {
        Call.exec(c -> {
            MemorySegment path = c.plainPath(p);
            MemorySegment n = c.cstr(Names.encode(name));
            MemorySegment v = c.arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, JAVA_BYTE, 0, value.length);
            int r = Libc.lsetxattr(c.cap, path, n, v, value.length, 0);
            if (r != 0) {
                throw Errno.of(c.errno(), "lsetxattr " + name, p);
            }
        });
    }
}
