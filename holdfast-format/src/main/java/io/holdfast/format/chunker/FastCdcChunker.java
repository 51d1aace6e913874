package io.holdfast.format.chunker;

import java.util.Objects;

/**
 * FastCDC (Xia et al., USENIX ATC 2016) with a 64-bit gear hash {@code h = (h << 1) + gear[b]}, whose top bits depend
 * on the last 64 bytes only.
 *
 * <ul>
 *   <li>Cut-point skipping: the first {@code min - 64} bytes of a chunk are not hashed; the hash starts at 0 there, so
 *       by the first possible cut it covers a full 64-byte window and every cut decision depends on the last 64 bytes
 *       alone.
 *   <li>Normalized chunking, level 2: with {@code avg = 2^n}, a chunk of {@code min <= size < avg} bytes ends when the
 *       top {@code n + 2} bits of the hash are zero, and one of {@code avg <= size < max} bytes when the top {@code n -
 *       2} bits are; a chunk always ends at {@code max} bytes.
 * </ul>
 */
final class FastCdcChunker implements Chunker {
    /** FastCDC's normalization level: how many mask bits are added before, and removed after, the normal size. */
    static final int NORMALIZATION = 2;

    private final ChunkerSpec spec;
    private final long[] gear;
    private final int skipSize;
    private final int minSize;
    private final int normalSize;
    private final int maxSize;
    private final long maskSmall;
    private final long maskLarge;

    private long hash;
    /** Bytes in the current chunk. */
    private int count;

    FastCdcChunker(ChunkerSpec spec) {
        this.spec = spec;
        this.gear = GearTable.of(spec.seed());
        this.minSize = spec.minSize();
        this.skipSize = minSize - ChunkerSpec.WINDOW_SIZE;
        this.normalSize = spec.avgSize();
        this.maxSize = spec.maxSize();
        int bits = Integer.numberOfTrailingZeros(normalSize);
        this.maskSmall = topBits(bits + NORMALIZATION);
        this.maskLarge = topBits(bits - NORMALIZATION);
    }

    private static long topBits(int n) {
        return n <= 0 ? 0 : -1L << (64 - n);
    }

    @Override
    public ChunkerSpec spec() {
        return spec;
    }

    @Override
    public int currentChunkLength() {
        return count;
    }

    @Override
    public void reset() {
        hash = 0;
        count = 0;
    }

    @Override
    public int findBoundary(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        final int end = off + len;
        final long[] g = gear;
        // the chunk has base + i + 1 bytes once buf[i] is consumed, so stop(s) is the index of the first byte that
        // takes it past s bytes, clamped to [off, end]
        final int base = count - off;
        int i = stop(skipSize, base, off, end);
        long h = hash;
        int s;

        s = stop(minSize - 1, base, off, end);
        for (; i < s; i++) {
            h = (h << 1) + g[buf[i] & 0xff];
        }
        s = stop(normalSize - 1, base, off, end);
        long m = maskSmall;
        for (; i < s; i++) {
            h = (h << 1) + g[buf[i] & 0xff];
            if ((h & m) == 0) {
                return cut(i, off);
            }
        }
        s = stop(maxSize - 1, base, off, end);
        m = maskLarge;
        for (; i < s; i++) {
            h = (h << 1) + g[buf[i] & 0xff];
            if ((h & m) == 0) {
                return cut(i, off);
            }
        }
        if (i < end) {
            // buf[i] completes maxSize bytes
            return cut(i, off);
        }
        hash = h;
        count = base + end;
        return -1;
    }

    private static int stop(int size, int base, int off, int end) {
        long q = (long) size - base;
        return (int) Math.max(off, Math.min(end, q));
    }

    private int cut(int i, int off) {
        hash = 0;
        count = 0;
        return i + 1 - off;
    }
}
