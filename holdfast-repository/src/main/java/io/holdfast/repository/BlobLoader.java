package io.holdfast.repository;

import io.holdfast.format.BlobType;
import io.holdfast.format.Compression;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.crypto.Crypto;
import io.holdfast.storage.Backend;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;

/** Loads blobs: reads the byte range from the pack, verifies the MAC, decrypts, decompresses, checks the hash. */
public final class BlobLoader {
    private final Backend backend;
    private final Crypto crypto;
    private final MasterIndex index;

    BlobLoader(Backend backend, Crypto crypto, MasterIndex index) {
        this.backend = backend;
        this.crypto = crypto;
        this.index = index;
    }

    /** Loads a blob by id through the index. */
    public byte[] load(BlobType type, Id id) throws IOException {
        return load(locate(type, id));
    }

    /**
     * Loads a blob by id through the index, authenticated (MAC) and decrypted, but without hashing its content
     * against its id. Only for callers that verify the content end to end against a hash they hold from an
     * authenticated tree, as the model codec does with the plaintext SHA-256 of each piece in the file's manifest:
     * a blob that is not the one the id names then fails that check instead.
     */
    public byte[] loadUnhashed(BlobType type, Id id) throws IOException {
        BlobLocation loc = locate(type, id);
        return decode(loc, read(loc), 0, false);
    }

    private BlobLocation locate(BlobType type, Id id) throws CorruptDataException {
        BlobLocation loc = index.lookup(type, id);
        if (loc == null) {
            throw new CorruptDataException(type.jsonName() + " blob " + id.hex(), "not in the index");
        }
        return loc;
    }

    /** Loads a blob at a known location. */
    public byte[] load(BlobLocation loc) throws IOException {
        return decode(loc, read(loc), 0);
    }

    /** The blob's stored bytes, read from its pack. */
    private byte[] read(BlobLocation loc) throws IOException {
        return backend.load(new Handle(FileType.PACK, loc.pack().hex()), loc.offset(), loc.length());
    }

    /** Decodes a blob whose stored bytes start at {@code off} in {@code buf}. */
    public byte[] decode(BlobLocation loc, byte[] buf, int off) throws CorruptDataException {
        return decode(loc, buf, off, true);
    }

    /**
     * Decodes a blob whose stored bytes start at {@code off} in {@code buf} into {@code scratch}: its plaintext is then
     * {@code scratch.plain()[0, scratch.length())}, until the next call with the same scratch. Checks the same as
     * {@link #decode(BlobLocation, byte[], int)}.
     */
    public void decodeInto(BlobLocation loc, byte[] buf, int off, BlobScratch scratch) throws CorruptDataException {
        String what = "blob " + loc.id().hex() + " in pack " + loc.pack().hex();
        int sealedLength = crypto.decrypt(buf, off, loc.length(), scratch.sealed(loc.length()), 0, what);
        int n = sealedLength;
        if (loc.uncompressedLength() != 0) {
            n = loc.uncompressedLength();
            Compression.decompress(scratch.sealed(0), 0, sealedLength, scratch.plain(n), n, what);
        } else {
            scratch.sealedIsPlain();
        }
        scratch.length(n);
        if (!Id.hash(scratch.plain(), 0, n).equals(loc.id())) {
            throw new CorruptDataException(what, "content does not match its id (hash mismatch)");
        }
    }

    private byte[] decode(BlobLocation loc, byte[] buf, int off, boolean checkId) throws CorruptDataException {
        String what = "blob " + loc.id().hex() + " in pack " + loc.pack().hex();
        byte[] plain = crypto.decrypt(buf, off, loc.length(), what);
        if (loc.uncompressedLength() != 0) {
            plain = Compression.decompress(plain, 0, plain.length, loc.uncompressedLength(), what);
        }
        if (checkId && !Id.hash(plain).equals(loc.id())) {
            throw new CorruptDataException(what, "content does not match its id (hash mismatch)");
        }
        return plain;
    }
}
