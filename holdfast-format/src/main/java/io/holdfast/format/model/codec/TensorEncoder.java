package io.holdfast.format.model.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import io.holdfast.format.Id;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Encodes tensors in the codec's format ({@link EncodedHeader}). Tries byte-grouping and, given a base of the same
 * length, an XOR delta and an arithmetic delta ({@link ArithmeticDelta}) on a sample of three windows and keeps each
 * only where it makes the sample smaller. One encoder per thread: it reuses a zstd context and scratch buffers. Output
 * is deterministic for equal input, options and base, so equal tensors give equal blobs and deduplicate.
 */
public final class TensorEncoder implements AutoCloseable {
    private final CodecOptions options;
    private final ZstdCompressCtx zstd = new ZstdCompressCtx();
    private final ZstdCompressCtx zstdPlanes = new ZstdCompressCtx();
    private final MessageDigest sha = Id.newSha256();
    private byte[] work = new byte[0];
    private byte[] planes = new byte[0];
    private byte[] out = new byte[0];
    private byte[] trial = new byte[0];

    public TensorEncoder(CodecOptions options) {
        this.options = options;
        zstd.setLevel(options.zstdLevel());
        zstd.setChecksum(false);
        zstd.setContentSize(true);
        zstdPlanes.setLevel(options.zstdLevel());
        zstdPlanes.setChecksum(false);
        zstdPlanes.setContentSize(true);
        if (options.planeHashLog() != 0) {
            zstdPlanes.setHashLog(options.planeHashLog());
        }
    }

    /**
     * Encodes {@code len} bytes of {@code src} from {@code off}, elements of {@code width} bytes (1, 2, 4 or 8; a length
     * that is not a multiple of the width is encoded ungrouped). A base of another length is ignored.
     */
    public byte[] encode(byte[] src, int off, int len, int width, @Nullable TensorBase base) {
        return encode(src, off, len, width, base, null);
    }

    /**
     * As {@link #encode(byte[], int, int, int, TensorBase)}, with the SHA-256 of the plaintext when the caller computed
     * it already (a backup hashes every piece to compare it with its parent's); null computes it here.
     */
    public byte[] encode(byte[] src, int off, int len, int width, @Nullable TensorBase base, @Nullable Id plainHash) {
        if (width != 1 && width != 2 && width != 4 && width != 8) {
            throw new IllegalArgumentException("width must be 1, 2, 4 or 8, not " + width);
        }
        java.util.Objects.checkFromIndexSize(off, len, src.length);
        boolean groupable = width > 1 && len % width == 0;
        TensorBase b = base != null && base.length() == len && len > 0 ? base : null;
        Choice c = choose(src, off, len, width, groupable, b);
        byte[] input = src;
        int inOff = off;
        TensorBase d = c.delta ? b : null; // the base of a delta
        if (c.arithmetic && d != null) {
            planes = grow(planes, len);
            work = grow(work, len);
            ArithmeticDelta.split(src, off, d.plaintext(), d.offset(), len, width, work, planes);
            input = planes;
            inOff = 0;
        } else if (c.grouped) {
            // XOR with the base (for a delta) and split into planes in one pass
            planes = grow(planes, len);
            ByteGrouping.splitOfXor(
                    src, off, d != null ? d.plaintext() : null, d != null ? d.offset() : 0, len, width, planes);
            input = planes;
            inOff = 0;
        } else if (d != null) {
            work = grow(work, len);
            ByteGrouping.xor(src, off, d.plaintext(), d.offset(), work, 0, len);
            input = work;
            inOff = 0;
        }
        int planeCount = c.grouped ? width : 1;
        int baseCount = d != null ? d.blobIds().size() : 0;
        int header = EncodedHeader.size(baseCount, planeCount);
        int planeLen = len / planeCount;
        long bound = header + (long) planeCount * Zstd.compressBound(planeLen);
        out = grow(out, (int) Math.min(Integer.MAX_VALUE - 16, bound));
        ByteBuffer h = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        int pos = header;
        ZstdCompressCtx z = c.grouped ? zstdPlanes : zstd;
        for (int k = 0; k < planeCount; k++) {
            int from = inOff + k * planeLen;
            int n = planeLen == 0 || !c.compress[k]
                    ? 0
                    : z.compressByteArray(out, pos, out.length - pos, input, from, planeLen);
            int entry = header - 5 * (planeCount - k);
            if (n > 0 && n < planeLen) {
                h.put(entry, (byte) 1);
                h.putInt(entry + 1, n);
                pos += n;
            } else {
                System.arraycopy(input, from, out, pos, planeLen);
                h.put(entry, (byte) 0);
                h.putInt(entry + 1, planeLen);
                pos += planeLen;
            }
        }
        h.put(0, EncodedHeader.MAGIC);
        h.put(4, (byte) EncodedHeader.VERSION);
        h.put(5, (byte) width);
        h.put(6, (byte) ((c.grouped ? EncodedHeader.FLAG_GROUPED : 0)
                | (baseCount > 0 ? EncodedHeader.FLAG_DELTA : 0)
                | (baseCount > 0 && c.arithmetic ? EncodedHeader.FLAG_ARITHMETIC : 0)));
        h.put(7, (byte) planeCount);
        h.putLong(8, len);
        if (plainHash != null) {
            plainHash.copyTo(out, 16);
        } else {
            sha.update(src, off, len);
            h.put(16, sha.digest());
        }
        h.put(48, (byte) baseCount);
        if (d != null) {
            for (int i = 0; i < baseCount; i++) {
                d.blobIds().get(i).copyTo(out, EncodedHeader.FIXED + 32 * i);
            }
        }
        return Arrays.copyOf(out, pos);
    }

    /** The transforms to use and, per plane, whether zstd shrank that plane of the sample. */
    private record Choice(boolean grouped, boolean delta, boolean arithmetic, boolean[] compress) {}

    private Choice choose(byte[] src, int off, int len, int width, boolean groupable, @Nullable TensorBase b) {
        if (len == 0 || (!groupable && b == null)) {
            return new Choice(false, false, false, new boolean[] {true});
        }
        int window = Math.max(width, options.sampleBytes() / width * width);
        int sampleLen = len <= 3 * window ? len : 3 * window;
        byte[] sample = sample(src, off, len, window, sampleLen);
        Trial best =
                better(trial(sample, sampleLen, 1, false), groupable ? trial(sample, sampleLen, width, false) : null);
        if (b != null) {
            byte[] base = sample(b.plaintext(), b.offset(), len, window, sampleLen);
            if (groupable && ArithmeticDelta.supports(width)) {
                planes = grow(planes, sampleLen);
                work = grow(work, sampleLen);
                ArithmeticDelta.split(sample, 0, base, 0, sampleLen, width, work, planes);
                best = better(best, trialPlanes(planes, sampleLen, width, true, true));
            }
            ByteGrouping.xor(sample, 0, base, 0, base, 0, sampleLen);
            best = better(best, trial(base, sampleLen, 1, true));
            best = better(best, groupable ? trial(base, sampleLen, width, true) : null);
        }
        return best.choice;
    }

    private record Trial(long cost, Choice choice) {}

    private static Trial better(Trial a, @Nullable Trial b) {
        return b != null && b.cost < a.cost ? b : a;
    }

    /**
     * Stored bytes of the sample as {@code planeCount} planes, each zstd-compressed where that saves at least 3% (a
     * plane that does not is stored, and not compressed in full either).
     */
    private Trial trial(byte[] data, int len, int planeCount, boolean delta) {
        byte[] in = data;
        if (planeCount > 1) {
            planes = grow(planes, len);
            ByteGrouping.split(data, 0, len, planeCount, planes);
            in = planes;
        }
        return trialPlanes(in, len, planeCount, delta, false);
    }

    private Trial trialPlanes(byte[] in, int len, int planeCount, boolean delta, boolean arithmetic) {
        int planeLen = len / planeCount;
        trial = grow(trial, (int) Zstd.compressBound(planeLen));
        long total = 0;
        boolean[] compress = new boolean[planeCount];
        ZstdCompressCtx z = planeCount > 1 ? zstdPlanes : zstd;
        for (int k = 0; k < planeCount; k++) {
            int n = z.compressByteArray(trial, 0, trial.length, in, k * planeLen, planeLen);
            compress[k] = n < planeLen - planeLen / 32;
            total += compress[k] ? n : planeLen;
        }
        return new Trial(total, new Choice(planeCount > 1, delta, arithmetic, compress));
    }

    /** The sample windows (start, middle, end, each aligned to the window size) copied into one new array. */
    private static byte[] sample(byte[] src, int off, int len, int window, int sampleLen) {
        if (sampleLen == len) {
            return Arrays.copyOfRange(src, off, off + len);
        }
        byte[] s = new byte[sampleLen];
        int mid = (len / 2) / window * window;
        int end = (len - window) / window * window;
        System.arraycopy(src, off, s, 0, window);
        System.arraycopy(src, off + mid, s, window, window);
        System.arraycopy(src, off + end, s, 2 * window, window);
        return s;
    }

    private static byte[] grow(byte[] buf, int size) {
        return buf.length >= size ? buf : new byte[Math.max(size, buf.length + buf.length / 2)];
    }

    @Override
    public void close() {
        zstd.close();
        zstdPlanes.close();
    }
}
