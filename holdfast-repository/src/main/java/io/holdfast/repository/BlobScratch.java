package io.holdfast.repository;

/**
 * Buffers one thread decodes blobs into ({@link BlobLoader#decodeInto}), kept from blob to blob so that reading a
 * pack does not allocate two arrays of up to the largest chunk (8 MiB) for each blob in it: restore and {@code check
 * --read-data} allocated about three times the bytes they read, which let G1 grow the heap to 0.7-0.9 GB for a 1 GiB
 * checkpoint (docs/benchmarks.md). Not thread-safe: one per thread, or taken from a pool for the duration of a task.
 */
public final class BlobScratch {
    private byte[] sealed = new byte[0];
    private byte[] plain = new byte[0];
    private int length;

    /** The plaintext of the blob decoded last: {@code plain()[0, length())}. */
    public byte[] plain() {
        return plain;
    }

    /** The length of the blob decoded last. */
    public int length() {
        return length;
    }

    void length(int n) {
        this.length = n;
    }

    /** A buffer of at least {@code n} bytes for the decrypted, still compressed, bytes. */
    byte[] sealed(int n) {
        if (sealed.length < n) {
            sealed = new byte[ArrayPool.rounded(n)];
        }
        return sealed;
    }

    /** A buffer of at least {@code n} bytes for the plaintext. */
    byte[] plain(int n) {
        if (plain.length < n) {
            plain = new byte[ArrayPool.rounded(n)];
        }
        return plain;
    }

    /** Swaps the two buffers: an uncompressed blob's plaintext is what was decrypted into {@link #sealed}. */
    void sealedIsPlain() {
        byte[] t = plain;
        plain = sealed;
        sealed = t;
    }
}
