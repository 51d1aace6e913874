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

    private static byte[] decode(EncodedHeader h, byte[] blob, String what, byte @Nullable [] base, boolean verify)
            throws CorruptDataException {
        int n = (int) h.plainLength();
        if (h.delta() && (base == null || base.length != n)) {
            throw new CorruptDataException(
                    what,
                    "delta needs a base of " + n + " bytes, got " + (base == null ? "none" : base.length + " bytes"));
        }
        int planeCount = h.planeModes().length;
        int planeLen = n / planeCount;
        byte[] planes = new byte[n];
        int pos = h.dataOffset();
        for (int k = 0; k < planeCount; k++) {
            int stored = h.planeLengths()[k];
            if (h.planeModes()[k] == 0) {
                System.arraycopy(blob, pos, planes, k * planeLen, stored);
            } else {
                long got;
                try {
                    got = Zstd.decompressByteArray(planes, k * planeLen, planeLen, blob, pos, stored);
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
        byte[] plain;
        if (h.grouped()) {
            plain = new byte[n];
            ByteGrouping.merge(planes, n, h.width(), plain, 0);
        } else {
            plain = planes;
        }
        if (h.delta() && base != null) {
            ByteGrouping.xor(plain, 0, base, 0, plain, 0, n);
        }
        if (verify && !Id.hash(plain).equals(h.plainHash())) {
            throw new CorruptDataException(
                    what, "decoded tensor does not match its SHA-256 (damaged data or wrong base)");
        }
        return plain;
    }
}
