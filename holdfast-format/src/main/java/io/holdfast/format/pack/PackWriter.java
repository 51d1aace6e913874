package io.holdfast.format.pack;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.crypto.Crypto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Assembles one pack file in memory: encrypted blobs one after another, then the encrypted header listing them, then
 * the header's length as a 4-byte little-endian integer. Not thread-safe.
 */
public final class PackWriter {
    private byte[] buf;
    private int size;
    private final List<PackedBlob> blobs = new ArrayList<>();
    private int headerPlainSize;

    public PackWriter(int initialCapacity) {
        this.buf = new byte[Math.max(initialCapacity, 1024)];
    }

    /**
     * A writer that fills {@code buffer}, which the caller may recycle from an earlier {@link Finished#bytes()} once
     * that pack is stored; the buffer grows (into a new array) if a pack outgrows it.
     */
    public PackWriter(byte[] buffer) {
        this.buf = buffer;
    }

    /**
     * Appends an already encrypted blob.
     *
     * @param uncompressedLength plaintext length if the blob was compressed, else 0
     */
    public PackedBlob add(BlobType type, Id id, byte[] encrypted, int off, int len, int uncompressedLength) {
        ensure(len);
        System.arraycopy(encrypted, off, buf, size, len);
        PackedBlob b = new PackedBlob(type, id, size, len, uncompressedLength);
        size += len;
        blobs.add(b);
        headerPlainSize += PackHeader.entryLength(uncompressedLength != 0);
        return b;
    }

    /**
     * Makes room for a blob of {@code len} encrypted bytes and records it, without writing it: the caller writes the
     * bytes into {@link #buffer()} at the returned offset (several threads may each fill their own room), and calls
     * {@link #finish} only after every reserved blob is written. The buffer grows (into a new array) if the blob does
     * not {@link #fits fit}; the caller must not let that happen while rooms are still being written.
     *
     * @param uncompressedLength plaintext length if the blob was compressed, else 0
     * @return where the blob's bytes go in {@link #buffer()}
     */
    public int reserve(BlobType type, Id id, int len, int uncompressedLength) {
        ensure(len);
        int at = size;
        blobs.add(new PackedBlob(type, id, at, len, uncompressedLength));
        size += len;
        headerPlainSize += PackHeader.entryLength(uncompressedLength != 0);
        return at;
    }

    /** Whether a blob of {@code len} bytes fits into the buffer as it is. */
    public boolean fits(int len) {
        return size + len <= buf.length;
    }

    /** The array the blobs go into; another array after a {@link #reserve} that grew it. */
    public byte[] buffer() {
        return buf;
    }

    /** The size the finished pack would have with one more blob of {@code len} bytes. */
    public int finishedSizeWith(int len, boolean compressed) {
        return finishedSize() + len + PackHeader.entryLength(compressed);
    }

    /** Bytes of blob data written so far. */
    public int size() {
        return size;
    }

    /** The size the finished pack will have. */
    public int finishedSize() {
        return size + headerPlainSize + Crypto.OVERHEAD + 4;
    }

    public int blobCount() {
        return blobs.size();
    }

    public List<PackedBlob> blobs() {
        return List.copyOf(blobs);
    }

    /** A finished pack: its bytes (exactly {@code length} of them), id and contents. */
    public record Finished(byte[] bytes, int length, Id id, List<PackedBlob> blobs) {}

    /** Appends the encrypted header and its length and returns the finished pack. The writer is spent afterwards. */
    public Finished finish(Crypto crypto) {
        byte[] header = PackHeader.encode(blobs);
        int encLen = header.length + Crypto.OVERHEAD;
        ensure(encLen + 4);
        crypto.encrypt(header, 0, header.length, buf, size);
        size += encLen;
        buf[size++] = (byte) encLen;
        buf[size++] = (byte) (encLen >>> 8);
        buf[size++] = (byte) (encLen >>> 16);
        buf[size++] = (byte) (encLen >>> 24);
        Id id = Id.hash(buf, 0, size);
        return new Finished(buf, size, id, List.copyOf(blobs));
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            long want = Math.max((long) buf.length * 3 / 2, (long) size + extra);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("pack too large");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }
}
