package io.holdfast.format.pack;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;

/**
 * Where one blob lies inside its pack.
 *
 * @param type data or tree
 * @param id SHA-256 of the blob's plaintext (uncompressed)
 * @param offset byte offset of the encrypted blob in the pack
 * @param length length of the encrypted (and possibly compressed) blob in the pack
 * @param uncompressedLength plaintext length if the blob is compressed, else 0
 */
public record PackedBlob(BlobType type, Id id, long offset, int length, int uncompressedLength) {

    /** Whether the blob was compressed before encryption. */
    public boolean compressed() {
        return uncompressedLength != 0;
    }

    /** The plaintext length. */
    public int plaintextLength() {
        return compressed() ? uncompressedLength : length - io.holdfast.format.crypto.Crypto.OVERHEAD;
    }
}
