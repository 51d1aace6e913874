package io.holdfast.format.model.codec;

import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The self-describing header of an encoded tensor (all integers little-endian):
 *
 * <pre>
 * offset size
 *  0      4   magic "HFMC"
 *  4      1   version = 1
 *  5      1   width: bytes per element, 1, 2, 4 or 8
 *  6      1   flags: bit 0 byte-grouped, bit 1 delta against a base (XOR), bit 2 the delta is arithmetic
 *             (with bits 0 and 1 and width 2, 4 or 8: {@link ArithmeticDelta}); other bits 0
 *  7      1   plane count P: width when grouped, else 1
 *  8      8   plaintext length n (u64; a multiple of width when grouped)
 * 16     32   SHA-256 of the plaintext
 * 48      1   base count B: 0 without delta, 1..255 with
 * 49   32*B   ids of the base's stored blobs, whose decoded plaintexts, concatenated, have length n
 * then P times: mode u8 (0 stored, 1 zstd frame), stored length u32
 * then the P planes' stored bytes, in order, filling the rest of the blob exactly
 * </pre>
 *
 * Plane {@code k} of a grouped tensor holds byte {@code k} of every element (of the XOR with the base when a delta),
 * so it is {@code n / width} bytes long; an ungrouped tensor has one plane of {@code n} bytes. An arithmetic delta's
 * planes hold the bytes of the zigzagged differences, in the order {@link ArithmeticDelta} gives them.
 *
 * @param width bytes per element
 * @param grouped whether the bytes are grouped into planes
 * @param delta whether the plaintext is stored as a delta against the base
 * @param arithmetic whether that delta is arithmetic ({@link ArithmeticDelta}) rather than an XOR
 * @param plainLength the plaintext length
 * @param plainHash the plaintext's SHA-256
 * @param baseIds the base's stored blob ids (empty unless a delta)
 * @param planeModes per plane, 0 stored or 1 zstd
 * @param planeLengths per plane, its stored length
 * @param dataOffset where the first plane's bytes start
 */
public record EncodedHeader(
        int width,
        boolean grouped,
        boolean delta,
        boolean arithmetic,
        long plainLength,
        Id plainHash,
        List<Id> baseIds,
        byte[] planeModes,
        int[] planeLengths,
        int dataOffset) {
    static final byte[] MAGIC = {'H', 'F', 'M', 'C'};
    static final int VERSION = 1;
    static final int FLAG_GROUPED = 1;
    static final int FLAG_DELTA = 2;
    static final int FLAG_ARITHMETIC = 4;
    static final int FIXED = 49;

    /** Whether {@code blob} starts with the codec's magic. */
    public static boolean isEncoded(byte[] blob) {
        return blob.length >= FIXED
                && blob[0] == MAGIC[0]
                && blob[1] == MAGIC[1]
                && blob[2] == MAGIC[2]
                && blob[3] == MAGIC[3];
    }

    /**
     * Parses and checks the header of {@code blob}: every length is bounded by the blob's own size, so a crafted
     * header cannot make a reader allocate more than a small multiple of the blob.
     *
     * @param what the blob's name for error messages
     */
    public static EncodedHeader parse(byte[] blob, String what) throws CorruptDataException {
        if (!isEncoded(blob)) {
            throw new CorruptDataException(what, "not a model codec blob (bad magic or too short)");
        }
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.get(4) & 0xFF;
        if (version != VERSION) {
            throw new CorruptDataException(what, "model codec version " + version + " is not supported (1 is)");
        }
        int width = b.get(5) & 0xFF;
        if (width != 1 && width != 2 && width != 4 && width != 8) {
            throw new CorruptDataException(what, "element width " + width + " is not 1, 2, 4 or 8");
        }
        int flags = b.get(6) & 0xFF;
        if ((flags & ~(FLAG_GROUPED | FLAG_DELTA | FLAG_ARITHMETIC)) != 0) {
            throw new CorruptDataException(what, "unknown flags " + Integer.toHexString(flags));
        }
        boolean grouped = (flags & FLAG_GROUPED) != 0;
        boolean delta = (flags & FLAG_DELTA) != 0;
        boolean arithmetic = (flags & FLAG_ARITHMETIC) != 0;
        if (arithmetic && !(grouped && delta && ArithmeticDelta.supports(width))) {
            throw new CorruptDataException(
                    what, "an arithmetic delta must be grouped, a delta and of width 2, 4 or 8 (flags " + flags + ")");
        }
        int planes = b.get(7) & 0xFF;
        if (planes != (grouped ? width : 1)) {
            throw new CorruptDataException(what, planes + " planes for width " + width);
        }
        long n = b.getLong(8);
        if (n < 0 || n > Integer.MAX_VALUE - 16 || (grouped && n % width != 0)) {
            throw new CorruptDataException(what, "bad plaintext length " + Long.toUnsignedString(n));
        }
        Id hash = Id.of(blob, 16);
        int baseCount = b.get(48) & 0xFF;
        if (delta != (baseCount > 0)) {
            throw new CorruptDataException(what, "delta flag and base count " + baseCount + " disagree");
        }
        int pos = FIXED;
        List<Id> bases = new ArrayList<>(baseCount);
        if (blob.length < pos + 32L * baseCount + 5L * planes) {
            throw new CorruptDataException(what, "truncated header");
        }
        for (int i = 0; i < baseCount; i++, pos += 32) {
            bases.add(Id.of(blob, pos));
        }
        byte[] modes = new byte[planes];
        int[] lengths = new int[planes];
        long total = 0;
        long planePlain = grouped ? n / width : n;
        for (int i = 0; i < planes; i++, pos += 5) {
            modes[i] = b.get(pos);
            lengths[i] = b.getInt(pos + 1);
            if (modes[i] != 0 && modes[i] != 1) {
                throw new CorruptDataException(what, "plane " + i + " has unknown mode " + modes[i]);
            }
            if (lengths[i] < 0 || (modes[i] == 0 && lengths[i] != planePlain)) {
                throw new CorruptDataException(what, "plane " + i + " has bad stored length " + lengths[i]);
            }
            total += lengths[i];
        }
        if (pos + total != blob.length) {
            throw new CorruptDataException(
                    what,
                    "planes hold " + total + " bytes but the blob has " + (blob.length - pos) + " after the header");
        }
        return new EncodedHeader(width, grouped, delta, arithmetic, n, hash, List.copyOf(bases), modes, lengths, pos);
    }

    /** Header bytes for the given fields (the plane table is filled in by the encoder). */
    static int size(int baseCount, int planes) {
        return FIXED + 32 * baseCount + 5 * planes;
    }
}
