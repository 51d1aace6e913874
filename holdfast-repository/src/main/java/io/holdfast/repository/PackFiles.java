package io.holdfast.repository;

import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.crypto.Crypto;
import io.holdfast.format.pack.PackHeader;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.storage.FileInfo;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pack files as stored: listing them with their sizes, reading their headers, the size index entries imply. */
public final class PackFiles {
    /** Bytes read from a pack's end in one request, enough for the header of a pack of about 400 blobs. */
    private static final int TAIL = 16 * 1024;

    private PackFiles() {}

    /** The stored packs and their sizes, in id order; files whose names are not ids are skipped. */
    public static Map<Id, Long> list(Repository repo) throws IOException {
        Map<Id, Long> out = new TreeMap<>();
        repo.backend().list(FileType.PACK, (FileInfo fi) -> {
            try {
                out.put(Id.parse(fi.handle().name()), fi.size());
            } catch (IllegalArgumentException e) {
                // not a pack file
            }
        });
        return out;
    }

    /** The handle of a pack. */
    public static Handle handle(Id pack) {
        return new Handle(FileType.PACK, pack.hex());
    }

    /** Reads and decrypts a pack's header with one or two ranged reads. */
    public static List<PackedBlob> readHeader(Repository repo, Id pack, long size) throws IOException {
        String name = "pack " + pack.hex();
        if (size < 4 + Crypto.OVERHEAD) {
            throw new CorruptDataException(name, "only " + size + " bytes, too short for a pack");
        }
        int tailLength = (int) Math.min(size, TAIL);
        byte[] tail = repo.backend().load(handle(pack), size - tailLength, tailLength);
        int headerLength = PackHeader.encryptedHeaderLength(tail, size, name);
        byte[] encrypted;
        if (headerLength + 4 <= tail.length) {
            encrypted = Arrays.copyOfRange(tail, tail.length - 4 - headerLength, tail.length - 4);
        } else {
            encrypted = repo.backend().load(handle(pack), size - 4 - headerLength, headerLength);
        }
        return PackHeader.decode(repo.crypto(), encrypted, size, name);
    }

    /** Parses the header of a whole pack held in memory. */
    public static List<PackedBlob> header(Crypto crypto, Id pack, byte[] data) throws CorruptDataException {
        String name = "pack " + pack.hex();
        int headerLength = PackHeader.encryptedHeaderLength(data, data.length, name);
        byte[] encrypted = Arrays.copyOfRange(data, data.length - 4 - headerLength, data.length - 4);
        return PackHeader.decode(crypto, encrypted, data.length, name);
    }

    /** The size of a pack holding exactly these blobs, as index entries describe them. */
    public static long expectedSize(List<PackedBlob> blobs) {
        long end = 0;
        for (PackedBlob b : blobs) {
            end = Math.max(end, b.offset() + b.length());
        }
        return end + headerSize(blobs);
    }

    /** The bytes a pack spends on the header of these blobs: entries, encryption overhead, length field. */
    public static long headerSize(List<PackedBlob> blobs) {
        long header = 0;
        for (PackedBlob b : blobs) {
            header += b.compressed() ? 41 : 37;
        }
        return header + Crypto.OVERHEAD + 4;
    }
}
