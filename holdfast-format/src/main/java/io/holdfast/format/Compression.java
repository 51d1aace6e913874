package io.holdfast.format;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;

/**
 * zstd compression modes, named as restic's {@code --compression} flag. {@link #AUTO} compresses quickly and keeps
 * the compressed form only where it is smaller; {@link #MAX} spends more CPU for a smaller repository.
 */
public enum Compression {
    OFF(0),
    FASTEST(1),
    AUTO(3),
    MAX(11);

    private final int level;

    Compression(int level) {
        this.level = level;
    }

    /** Parses {@code off|fastest|auto|max}. */
    public static Compression parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("compression must be off, fastest, auto or max, not '" + s + "'", e);
        }
    }

    /** The zstd level, 0 for {@link #OFF}. */
    public int level() {
        return level;
    }

    /**
     * Compresses a range of bytes. Returns {@code null} when compression is off or does not make the data smaller, in
     * which case the caller stores it uncompressed.
     */
    public byte @org.jspecify.annotations.Nullable [] compress(byte[] src, int off, int len) {
        if (this == OFF || len == 0) {
            return null;
        }
        byte[] dst = new byte[(int) Zstd.compressBound(len)];
        int n = ZstdContexts.compress(dst, src, off, len, level);
        if (n >= len) {
            return null;
        }
        return java.util.Arrays.copyOf(dst, n);
    }

    /**
     * Compresses a range of bytes even when that does not make it smaller, as restic compresses every blob of a v2
     * repository. Returns {@code null} when compression is off and for no bytes (a compressed blob needs a
     * non-zero plaintext length).
     */
    public byte @org.jspecify.annotations.Nullable [] compressAlways(byte[] src, int off, int len) {
        if (this == OFF || len == 0) {
            return null;
        }
        byte[] dst = new byte[(int) Zstd.compressBound(len)];
        int n = ZstdContexts.compress(dst, src, off, len, level);
        return java.util.Arrays.copyOf(dst, n);
    }

    /** The size of a buffer that always holds the compressed form of {@code len} bytes. */
    public static int maxCompressedLength(int len) {
        return (int) Zstd.compressBound(len);
    }

    /**
     * Compresses a range of bytes into {@code dst}, which must hold {@link #maxCompressedLength} of {@code len}
     * bytes, without allocating. Returns the compressed length, or -1 when compression is off, there are no bytes,
     * or (unless {@code always}) the result is not smaller than the input, in which case the caller stores the bytes
     * uncompressed.
     */
    public int compressInto(byte[] src, int off, int len, byte[] dst, boolean always) {
        if (this == OFF || len == 0) {
            return -1;
        }
        int n = ZstdContexts.compress(dst, src, off, len, level);
        return always || n < len ? n : -1;
    }

    /** Decompresses a zstd frame whose plaintext length is known. */
    public static byte[] decompress(byte[] src, int off, int len, int plainLength, String what)
            throws CorruptDataException {
        byte[] dst = new byte[plainLength];
        decompress(src, off, len, dst, plainLength, what);
        return dst;
    }

    /**
     * Decompresses a zstd frame of known plaintext length into {@code dst[0, plainLength)} ({@code dst} may be
     * longer: a recycled buffer).
     */
    public static void decompress(byte[] src, int off, int len, byte[] dst, int plainLength, String what)
            throws CorruptDataException {
        int n;
        try {
            n = ZstdContexts.decompress(dst, plainLength, src, off, len);
        } catch (ZstdException e) {
            throw new CorruptDataException(what, "zstd: " + e.getMessage(), e);
        }
        if (n != plainLength) {
            throw new CorruptDataException(what, "decompressed " + n + " bytes, expected " + plainLength);
        }
    }

    /** The largest content size decompressed in one call; beyond it, a stream (no array sized by a header alone). */
    private static final long ONE_CALL_LIMIT = 256L << 20;

    /**
     * Decompresses a zstd frame of unknown plaintext length: in one call into an array of the frame's content size when
     * its header states one (restic's and Holdfast's unpacked files do), else as a stream. Measured on a repository of
     * 1,000 snapshots: the stream (its context and 128 KiB buffers made for each file) took 69 of the 119 samples of
     * reading them.
     */
    public static byte[] decompress(byte[] src, int off, int len, String what) throws CorruptDataException {
        long size = len < 4 ? -1 : Zstd.getFrameContentSize(src, off, len);
        if (size >= 0 && size <= ONE_CALL_LIMIT) {
            try {
                byte[] dst = new byte[(int) size];
                if (ZstdContexts.decompress(dst, src, off, len) == dst.length) {
                    return dst;
                }
            } catch (ZstdException e) {
                // more than one frame, or a damaged one: the stream below reads the first or says what is wrong
            }
        }
        return decompressStream(src, off, len, what);
    }

    private static byte[] decompressStream(byte[] src, int off, int len, String what) throws CorruptDataException {
        try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(src, off, len))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CorruptDataException(what, "zstd: " + e.getMessage(), e);
        }
    }
}
