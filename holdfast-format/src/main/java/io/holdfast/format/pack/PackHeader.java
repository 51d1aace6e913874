package io.holdfast.format.pack;

import io.holdfast.format.BlobType;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.crypto.Crypto;
import java.util.ArrayList;
import java.util.List;

/**
 * The plaintext pack header: one entry per blob, in pack order. An entry is a type byte (0 data, 1 tree, 2
 * compressed data, 3 compressed tree), the stored length (uint32 LE), for compressed blobs the plaintext length
 * (uint32 LE), and the blob id (32 bytes). Offsets are implied: blobs are contiguous from offset 0.
 */
public final class PackHeader {
    private static final int PLAIN_ENTRY = 1 + 4 + 32;
    private static final int COMPRESSED_ENTRY = 1 + 4 + 4 + 32;
    /** Upper bound on a sane header: more entries than this in one pack is damage. */
    private static final int MAX_HEADER = 64 * 1024 * 1024;

    private PackHeader() {}

    static int entryLength(boolean compressed) {
        return compressed ? COMPRESSED_ENTRY : PLAIN_ENTRY;
    }

    static byte[] encode(List<PackedBlob> blobs) {
        int n = 0;
        for (PackedBlob b : blobs) {
            n += entryLength(b.compressed());
        }
        byte[] out = new byte[n];
        int p = 0;
        for (PackedBlob b : blobs) {
            int type = (b.type() == BlobType.DATA ? 0 : 1) + (b.compressed() ? 2 : 0);
            out[p++] = (byte) type;
            p = putInt(out, p, b.length());
            if (b.compressed()) {
                p = putInt(out, p, b.uncompressedLength());
            }
            b.id().copyTo(out, p);
            p += Id.LENGTH;
        }
        return out;
    }

    /**
     * Reads the encrypted header length from the last four bytes of a pack.
     *
     * @param tail the last bytes of the pack, at least 4
     */
    public static int encryptedHeaderLength(byte[] tail, long packSize, String pack) throws CorruptDataException {
        if (tail.length < 4) {
            throw new CorruptDataException(
                    pack, "only " + tail.length + " bytes, too short for a pack (truncated or emptied)");
        }
        int p = tail.length - 4;
        long len = (tail[p] & 0xffL)
                | (tail[p + 1] & 0xffL) << 8
                | (tail[p + 2] & 0xffL) << 16
                | (tail[p + 3] & 0xffL) << 24;
        if (len < Crypto.OVERHEAD || len > MAX_HEADER || len + 4 > packSize) {
            throw new CorruptDataException(
                    pack, "header length " + len + " does not fit pack of " + packSize + " bytes");
        }
        return (int) len;
    }

    /**
     * Decrypts and parses the header.
     *
     * @param encrypted the encrypted header, located at {@code packSize - 4 - encrypted.length}
     */
    public static List<PackedBlob> decode(Crypto crypto, byte[] encrypted, long packSize, String pack)
            throws CorruptDataException {
        byte[] h = crypto.decrypt(encrypted, pack + " header");
        long dataEnd = packSize - 4 - encrypted.length;
        List<PackedBlob> out = new ArrayList<>(h.length / PLAIN_ENTRY);
        long offset = 0;
        int p = 0;
        while (p < h.length) {
            int type = h[p] & 0xff;
            if (type > 3) {
                throw new CorruptDataException(pack, "invalid blob type " + type + " in header");
            }
            boolean compressed = type >= 2;
            if (p + entryLength(compressed) > h.length) {
                throw new CorruptDataException(pack, "truncated header entry");
            }
            long len = getUint(h, p + 1);
            long ulen = compressed ? getUint(h, p + 5) : 0;
            Id id = Id.of(h, p + (compressed ? 9 : 5));
            p += entryLength(compressed);
            if (len < Crypto.OVERHEAD
                    || offset + len > dataEnd
                    || ulen > Integer.MAX_VALUE
                    || len > Integer.MAX_VALUE) {
                throw new CorruptDataException(pack, "blob " + id.shortHex() + " lies outside the pack's data");
            }
            if (compressed && ulen == 0) {
                throw new CorruptDataException(pack, "compressed blob " + id.shortHex() + " has length 0");
            }
            BlobType t = (type & 1) == 0 ? BlobType.DATA : BlobType.TREE;
            out.add(new PackedBlob(t, id, offset, (int) len, (int) ulen));
            offset += len;
        }
        return out;
    }

    private static int putInt(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
        return p + 4;
    }

    private static long getUint(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
    }
}
