package io.holdfast.format.chunker;

import java.util.Arrays;
import java.util.Objects;

/**
 * restic's Rabin fingerprint chunker (github.com/restic/chunker v0.4), reimplemented so that it reports exactly the
 * boundaries restic cuts, quirks included:
 *
 * <ul>
 *   <li>At the start of every chunk the 64-byte window is zeroed, then a byte of value 1 is slid in.
 *   <li>The first {@code min - 64} bytes of a chunk are counted but not hashed.
 *   <li>After each hashed byte, once the chunk has at least {@code min} bytes, it ends if the low bits of the
 *       fingerprint selected by the split mask are all zero or if it has reached {@code max} bytes.
 *   <li>Whatever remains at the end of the stream is the last chunk.
 * </ul>
 *
 * <p>As {@code min >= 64}, the initial 1 has always left the window by the first cut test, so every cut decision
 * depends only on the 64 bytes before it; it is reproduced anyway, to stay a faithful copy. The rolling hash is
 * restic's, computed two bytes at a time in the hot loop (see {@link RabinTables}), which gives the same fingerprints.
 */
final class RabinChunker implements Chunker {
    private static final int WINDOW = ChunkerSpec.WINDOW_SIZE;
    private static final int WINDOW_MASK = WINDOW - 1;

    private final ChunkerSpec spec;
    private final long[] out;
    private final long[] mod;
    private final long[] outA;
    private final long[] outB;
    private final long[] hi2;
    private final int shift;
    private final long splitMask;
    private final int minSize;
    private final int maxSize;

    /** The last 64 bytes slid in, as a ring; {@code wpos} indexes the oldest. */
    private final byte[] window = new byte[WINDOW];

    private int wpos;
    private long digest;
    /** Bytes in the current chunk. */
    private int count;
    /** Bytes still to skip without hashing at the start of the current chunk. */
    private int pre;

    RabinChunker(ChunkerSpec spec) {
        this.spec = spec;
        RabinTables t = RabinTables.of(spec.polynomial());
        this.out = t.out;
        this.mod = t.mod;
        this.outA = t.outA;
        this.outB = t.outB;
        this.hi2 = t.hi2;
        this.shift = t.shift;
        this.splitMask = spec.avgSize() - 1L;
        this.minSize = spec.minSize();
        this.maxSize = spec.maxSize();
        reset();
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
        Arrays.fill(window, (byte) 0);
        count = 0;
        // slide a 1 into the zero window, whose fingerprint is 0
        window[0] = 1;
        long d = out[0];
        digest = ((d << 8) | 1) ^ mod[(int) (d >>> shift)];
        wpos = 1;
        pre = minSize - WINDOW;
    }

    @Override
    public int findBoundary(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int start = off;
        int end = off + len;
        if (pre > 0) {
            if (pre >= len) {
                pre -= len;
                count += len;
                return -1;
            }
            start += pre;
            count += pre;
            pre = 0;
        }

        final long[] out = this.out;
        final long[] mod = this.mod;
        final byte[] win = this.window;
        final int shift = this.shift;
        final long splitMask = this.splitMask;
        long d = digest;
        int w = wpos;
        // count after consuming buf[i] is base + i + 1
        final int base = count - start;
        // cut tests start with the byte that completes minSize bytes, and a chunk ends at maxSize at the latest
        final int testFrom = (int) Math.min(end, Math.max(start, (long) minSize - 1 - base));
        final int forcedAt = (int) Math.min(end, (long) maxSize - 1 - base);

        // The first 64 bytes hashed in this call push out bytes of the window ring; later ones push out bytes of
        // this very buffer, 64 positions back, which saves keeping the ring up to date in the hot loops.
        int ringEnd = Math.min(end, start + WINDOW);
        int i = start;
        for (; i < ringEnd; i++) {
            int b = buf[i] & 0xff;
            int wi = (w + i - start) & WINDOW_MASK;
            d ^= out[win[wi] & 0xff];
            win[wi] = (byte) b;
            d = ((d << 8) | b) ^ mod[(int) (d >>> shift)];
            if (i >= testFrom && ((d & splitMask) == 0 || i >= forcedAt)) {
                reset();
                return i + 1 - off;
            }
        }
        int s = Math.max(i, testFrom);
        for (; i < s; i++) {
            int b = buf[i] & 0xff;
            d ^= out[buf[i - WINDOW] & 0xff];
            d = ((d << 8) | b) ^ mod[(int) (d >>> shift)];
        }
        // two bytes per iteration (see RabinTables): the next fingerprint but one comes straight from d, while the
        // one in between, needed only for its cut test, is off the dependency chain
        final long[] outA = this.outA;
        final long[] outB = this.outB;
        final long[] hi2 = this.hi2;
        final int shift2 = shift - 8;
        s = forcedAt - 1;
        for (; i < s; i += 2) {
            int b0 = buf[i] & 0xff;
            int b1 = buf[i + 1] & 0xff;
            int o0 = buf[i - WINDOW] & 0xff;
            int o1 = buf[i + 1 - WINDOW] & 0xff;
            int top = (int) (d >>> shift);
            long d1 = (((d << 8) | b0) ^ outB[o0]) ^ mod[top];
            long bytes = outA[o0] ^ outB[o1] ^ (b0 << 8 | b1);
            d = ((d << 16) ^ bytes) ^ (hi2[top] ^ mod[(int) (d >>> shift2) & 0xff]);
            if ((d1 & splitMask) == 0) {
                reset();
                return i + 1 - off;
            }
            if ((d & splitMask) == 0) {
                reset();
                return i + 2 - off;
            }
        }
        for (; i < forcedAt; i++) {
            int b = buf[i] & 0xff;
            d ^= out[buf[i - WINDOW] & 0xff];
            d = ((d << 8) | b) ^ mod[(int) (d >>> shift)];
            if ((d & splitMask) == 0) {
                reset();
                return i + 1 - off;
            }
        }
        if (i < end) {
            // buf[i] completes maxSize bytes: the chunk ends here whatever the fingerprint
            reset();
            return i + 1 - off;
        }
        if (end - start >= WINDOW) {
            System.arraycopy(buf, end - WINDOW, win, 0, WINDOW);
            w = 0;
        } else {
            w = (w + end - start) & WINDOW_MASK;
        }
        digest = d;
        wpos = w;
        count = base + end;
        return -1;
    }
}
