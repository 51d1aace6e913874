package io.holdfast.format.model.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import org.jspecify.annotations.Nullable;

/**
 * Decodes what {@link TensorEncoder} wrote and verifies the plaintext's SHA-256. A delta needs its base's plaintext:
 * read {@link EncodedHeader#baseIds()} first, decode those blobs and pass their concatenation.
 */
public final class TensorDecoder {
    /** Largest scratch buffer kept per thread between calls. */
    private static final int KEEP_SCRATCH = 16 << 20;

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);
    private static final ThreadLocal<byte[]> BASE_SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);

    private TensorDecoder() {}

    /** Decodes a blob that needs no base; a delta throws {@link CorruptDataException}. */
    public static byte[] decode(byte[] blob, String what) throws CorruptDataException {
        return decode(EncodedHeader.parse(blob, what), blob, what, null);
    }

    /**
     * Decodes {@code blob}, whose parsed header is {@code h}.
     *
     * @param what the blob's name for error messages, e.g. {@code blob 1a2b...}
     * @param base the base's plaintext for a delta ({@code null} otherwise)
     * @throws CorruptDataException if a plane does not decompress to its length, the base is missing or has another
     *     length, or the plaintext's SHA-256 differs from the header's
     */
    public static byte[] decode(EncodedHeader h, byte[] blob, String what, byte @Nullable [] base)
            throws CorruptDataException {
        return decode(h, blob, what, base, true);
    }

    /**
     * Decodes {@code blob} as the base of a delta: as {@link #decode(EncodedHeader, byte[], String, byte[])} but
     * without checking the SHA-256, which the delta's own check covers (a wrong base gives a wrong delta result).
     */
    public static byte[] decodeBase(EncodedHeader h, byte[] blob, String what) throws CorruptDataException {
        return decode(h, blob, what, null, false);
    }

    /**
     * Decodes a delta and its single base straight into one array: the base's planes are merged into it, then the
     * delta's are merged in with XOR, then the result is verified. No array for the base's plaintext or for planes
     * (those go through a per-thread scratch buffer), which on a restore of full fine-tunes is most of the allocation.
     * An arithmetic delta is added to the decoded base instead.
     *
     * @param bh the base's parsed header, which must not be a delta and must have the delta's length
     */
    public static byte[] decodeDelta(
            EncodedHeader h, byte[] blob, String what, EncodedHeader bh, byte[] baseBlob, String baseWhat)
            throws CorruptDataException {
        if (!h.delta()) {
            throw new CorruptDataException(what, "not a delta");
        }
        if (bh.delta() || bh.plainLength() != h.plainLength()) {
            throw new CorruptDataException(
                    what,
                    "delta needs a base of " + h.plainLength() + " bytes, got " + bh.plainLength()
                            + (bh.delta() ? " (itself a delta)" : ""));
        }
        int n = (int) h.plainLength();
        byte[] out = new byte[n];
        if (h.arithmetic()) {
            into(bh, baseBlob, baseWhat, out, false);
            into(h, blob, what, out, true);
        } else if (h.grouped() && bh.grouped() && h.width() == bh.width()) {
            // XOR plane against plane and interleave, in one pass
            byte[] planes = scratch(SCRATCH, n);
            byte[] basePlanes = scratch(BASE_SCRATCH, n);
            planes(bh, baseBlob, baseWhat, basePlanes);
            planes(h, blob, what, planes);
            ByteGrouping.mergeOfXor(planes, basePlanes, n, h.width(), out, 0);
            release(BASE_SCRATCH, basePlanes);
            release(SCRATCH, planes);
        } else {
            into(bh, baseBlob, baseWhat, out, false);
            into(h, blob, what, out, true);
        }
        verify(h, out, what);
        return out;
    }

    private static byte[] decode(EncodedHeader h, byte[] blob, String what, byte @Nullable [] base, boolean verify)
            throws CorruptDataException {
        int n = (int) h.plainLength();
        if (h.delta() && (base == null || base.length != n)) {
            throw new CorruptDataException(
                    what,
                    "delta needs a base of " + n + " bytes, got " + (base == null ? "none" : base.length + " bytes"));
        }
        byte[] plain;
        if (h.delta() && base != null) {
            plain = base.clone();
            into(h, blob, what, plain, true);
        } else {
            plain = new byte[n];
            into(h, blob, what, plain, false);
        }
        if (verify) {
            verify(h, plain, what);
        }
        return plain;
    }

    private static void verify(EncodedHeader h, byte[] plain, String what) throws CorruptDataException {
        if (!Id.hash(plain).equals(h.plainHash())) {
            throw new CorruptDataException(
                    what, "decoded tensor does not match its SHA-256 (damaged data or wrong base)");
        }
    }

    /**
     * Decodes {@code blob}'s planes and writes the elements into {@code dst}; with {@code delta}, {@code dst} holds the
     * base and the delta is applied to it ({@code dst[i] ^=} the elements, or the arithmetic differences added).
     */
    private static void into(EncodedHeader h, byte[] blob, String what, byte[] dst, boolean delta)
            throws CorruptDataException {
        int n = (int) h.plainLength();
        if (!h.grouped() && !delta) {
            planes(h, blob, what, dst);
            return;
        }
        byte[] planes = scratch(SCRATCH, n);
        planes(h, blob, what, planes);
        if (h.arithmetic() && delta) {
            ArithmeticDelta.add(planes, n, h.width(), dst, 0);
        } else if (h.grouped()) {
            if (delta) {
                ByteGrouping.mergeXor(planes, n, h.width(), dst, 0);
            } else {
                ByteGrouping.merge(planes, n, h.width(), dst, 0);
            }
        } else {
            ByteGrouping.xor(dst, 0, planes, 0, dst, 0, n);
        }
        release(SCRATCH, planes);
    }

    /** Decodes {@code blob}'s planes, one after another, into {@code dst[0..plainLength)}. */
    private static void planes(EncodedHeader h, byte[] blob, String what, byte[] dst) throws CorruptDataException {
        int n = (int) h.plainLength();
        int planeCount = h.planeModes().length;
        int planeLen = n / planeCount;
        int pos = h.dataOffset();
        for (int k = 0; k < planeCount; k++) {
            int stored = h.planeLengths()[k];
            if (h.planeModes()[k] == 0) {
                System.arraycopy(blob, pos, dst, k * planeLen, stored);
            } else {
                long got;
                try {
                    got = Zstd.decompressByteArray(dst, k * planeLen, planeLen, blob, pos, stored);
                } catch (ZstdException e) {
                    throw new CorruptDataException(what, "plane " + k + ": zstd: " + e.getMessage(), e);
                }
                if (Zstd.isError(got) || got != planeLen) {
                    throw new CorruptDataException(
                            what,
                            "plane " + k + " does not decompress to " + planeLen + " bytes"
                                    + (Zstd.isError(got) ? " (zstd: " + Zstd.getErrorName(got) + ")" : ""));
                }
            }
            pos += stored;
        }
    }

    /** Forgets a scratch buffer larger than {@link #KEEP_SCRATCH} so that one huge tensor does not pin memory. */
    private static void release(ThreadLocal<byte[]> slot, byte[] buf) {
        if (buf.length > KEEP_SCRATCH) {
            slot.set(new byte[0]);
        }
    }

    private static byte[] scratch(ThreadLocal<byte[]> slot, int n) {
        byte[] s = slot.get();
        if (s.length < n) {
            s = new byte[n];
            slot.set(s);
        }
        return s;
    }
}
