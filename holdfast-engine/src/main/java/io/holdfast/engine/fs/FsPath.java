package io.holdfast.engine.fs;

import io.holdfast.format.tree.Names;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A path of the local file system as the bytes the kernel sees: any bytes but NUL, names separated by {@code /}. Unlike
 * {@link java.nio.file.Path}, whose names must be representable in the JVM's platform charset (ASCII in the C locale
 * that cron and systemd give a job), every name can be held, and {@link #toString()} is lossless ({@link Names}).
 * Immutable; normalized on creation (no empty, {@code .} or trailing components; {@code ..} is kept, as the kernel
 * gives it meaning only with symbolic links).
 */
public final class FsPath implements Comparable<FsPath> {
    private static final FsPath ROOT = new FsPath(new byte[] {'/'});

    private final byte[] bytes;

    private FsPath(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A path from a string, lossless for strings made by {@link Names#decode} (e.g. from command-line arguments). */
    public static FsPath of(String path) {
        return of(Names.encode(path));
    }

    /** A path from its bytes (copied and normalized). */
    public static FsPath of(byte[] path) {
        for (byte b : path) {
            if (b == 0) {
                throw new IllegalArgumentException("a path cannot contain NUL: " + Names.decode(path));
            }
        }
        if (path.length == 0) {
            throw new IllegalArgumentException("empty path");
        }
        return new FsPath(normalize(path));
    }

    /** The root directory {@code /}. */
    public static FsPath root() {
        return ROOT;
    }

    private static byte[] normalize(byte[] p) {
        boolean abs = p[0] == '/';
        List<byte[]> parts = split(p);
        int len = abs ? 1 : 0;
        for (byte[] part : parts) {
            len += part.length + 1;
        }
        if (parts.isEmpty()) {
            return abs ? new byte[] {'/'} : new byte[] {'.'};
        }
        byte[] out = new byte[len - 1];
        int at = 0;
        if (abs) {
            out[at++] = '/';
        }
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out[at++] = '/';
            }
            byte[] part = parts.get(i);
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static List<byte[]> split(byte[] p) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= p.length; i++) {
            if (i == p.length || p[i] == '/') {
                int n = i - start;
                if (n > 0 && !(n == 1 && p[start] == '.')) {
                    parts.add(Arrays.copyOfRange(p, start, i));
                }
                start = i + 1;
            }
        }
        return parts;
    }

    /** The child {@code name} of this directory; {@code name} must be one valid name (no {@code /}, not empty). */
    public FsPath resolve(byte[] name) {
        if (name.length == 0 || indexOf(name, (byte) '/') >= 0 || indexOf(name, (byte) 0) >= 0) {
            throw new IllegalArgumentException("not a file name: " + Names.decode(name));
        }
        if (name.length == 1 && name[0] == '.') {
            return this;
        }
        boolean slash = bytes[bytes.length - 1] == '/';
        byte[] out = Arrays.copyOf(bytes, bytes.length + (slash ? 0 : 1) + name.length);
        if (!slash) {
            out[bytes.length] = '/';
        }
        System.arraycopy(name, 0, out, out.length - name.length, name.length);
        return new FsPath(out);
    }

    /** {@code other} below this path: a relative path is appended, an absolute one returned as it is. */
    public FsPath resolve(FsPath other) {
        if (other.isAbsolute()) {
            return other;
        }
        if (other.bytes.length == 1 && other.bytes[0] == '.') {
            return this;
        }
        byte[] joined = Arrays.copyOf(bytes, bytes.length + 1 + other.bytes.length);
        joined[bytes.length] = '/';
        System.arraycopy(other.bytes, 0, joined, bytes.length + 1, other.bytes.length);
        return of(joined);
    }

    public boolean isAbsolute() {
        return bytes[0] == '/';
    }

    /** The directory holding this path, or {@code null} for {@code /} or a single relative name. */
    public @Nullable FsPath parent() {
        int slash = lastSlash();
        if (slash < 0 || bytes.length == 1) {
            return null;
        }
        return slash == 0 ? ROOT : new FsPath(Arrays.copyOf(bytes, slash));
    }

    /** The last name's bytes; for {@code /} the empty array. */
    public byte[] name() {
        return Arrays.copyOfRange(bytes, lastSlash() + 1, bytes.length);
    }

    /** The names of this path, root first (none for {@code /}). */
    public List<byte[]> names() {
        return split(bytes);
    }

    /** Whether this path is {@code prefix} or lies below it (by whole names). */
    public boolean startsWith(FsPath prefix) {
        byte[] p = prefix.bytes;
        if (p.length > bytes.length || !Arrays.equals(bytes, 0, p.length, p, 0, p.length)) {
            return false;
        }
        return p.length == bytes.length || p[p.length - 1] == '/' || bytes[p.length] == '/';
    }

    private int lastSlash() {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '/') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** A copy of the path's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes without copying; callers must not modify them. */
    byte[] raw() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof FsPath p && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Byte order, as restic sorts names. */
    @Override
    public int compareTo(FsPath o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** The path as a string, lossless ({@link Names#decode}); printable wherever the bytes are valid UTF-8. */
    @Override
    public String toString() {
        return Names.decode(bytes);
    }
}
