package io.holdfast.repository;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;

/**
 * Where a blob is stored.
 *
 * @param pack the pack file's id
 * @param type the blob's type
 * @param id the blob's id
 * @param offset offset in the pack
 * @param length stored length (encrypted)
 * @param uncompressedLength plaintext length when compressed, else 0
 */
public record BlobLocation(Id pack, BlobType type, Id id, long offset, int length, int uncompressedLength) {
    /** The plaintext length. */
    public int plaintextLength() {
        return uncompressedLength != 0 ? uncompressedLength : length - io.holdfast.format.crypto.Crypto.OVERHEAD;
    }
}
