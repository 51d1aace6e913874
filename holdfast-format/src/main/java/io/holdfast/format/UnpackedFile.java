package io.holdfast.format;

import io.holdfast.format.crypto.Crypto;

/**
 * The encoding of a repository's small files (index, snapshots, locks, keys' payloads, config): JSON, in format v2
 * prefixed by a version byte {@code 2} and zstd-compressed (except the config, which is never compressed because its
 * version is not yet known when it is read), then encrypted.
 */
public final class UnpackedFile {
    private static final byte COMPRESSED = 2;

    private UnpackedFile() {}

    /** Encodes and encrypts {@code json}; compresses unless {@code repositoryVersion < 2} or {@code compress} false. */
    public static byte[] encode(Crypto crypto, byte[] json, int repositoryVersion, boolean compress) {
        byte[] plain = json;
        if (repositoryVersion >= 2 && compress) {
            byte[] c = Compression.AUTO.compress(json, 0, json.length);
            if (c == null) {
                c = com.github.luben.zstd.Zstd.compress(json, 1);
            }
            plain = new byte[c.length + 1];
            plain[0] = COMPRESSED;
            System.arraycopy(c, 0, plain, 1, c.length);
        }
        return crypto.encrypt(plain);
    }

    /** Decrypts and, if compressed, decompresses a stored file; {@code what} names it for errors. */
    public static byte[] decode(Crypto crypto, byte[] stored, String what) throws CorruptDataException {
        byte[] plain = crypto.decrypt(stored, what);
        if (plain.length == 0) {
            throw new CorruptDataException(what, "empty file");
        }
        byte first = plain[0];
        if (first == '{' || first == '[') {
            return plain;
        }
        if (first == COMPRESSED) {
            return Compression.decompress(plain, 1, plain.length - 1, what);
        }
        throw new CorruptDataException(what, "unknown encoding version " + (first & 0xff));
    }
}
