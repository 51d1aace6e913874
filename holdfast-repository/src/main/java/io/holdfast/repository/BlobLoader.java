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
        BlobLocation loc = index.lookup(type, id);
        if (loc == null) {
            throw new CorruptDataException(type.jsonName() + " blob " + id.hex(), "not in the index");
        }
        return load(loc);
    }

    /** Loads a blob at a known location. */
    public byte[] load(BlobLocation loc) throws IOException {
        byte[] stored = backend.load(new Handle(FileType.PACK, loc.pack().hex()), loc.offset(), loc.length());
        return decode(loc, stored, 0);
    }

    /** Decodes a blob whose stored bytes start at {@code off} in {@code buf}. */
    public byte[] decode(BlobLocation loc, byte[] buf, int off) throws CorruptDataException {
        String what = "blob " + loc.id().hex() + " in pack " + loc.pack().hex();
        byte[] plain = crypto.decrypt(buf, off, loc.length(), what);
        if (loc.uncompressedLength() != 0) {
            plain = Compression.decompress(plain, 0, plain.length, loc.uncompressedLength(), what);
        }
        if (!Id.hash(plain).equals(loc.id())) {
            throw new CorruptDataException(what, "content does not match its id (hash mismatch)");
        }
        return plain;
    }
}
