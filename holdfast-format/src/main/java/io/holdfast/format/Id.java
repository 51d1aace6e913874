package io.holdfast.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** A 32-byte SHA-256 identifier of a blob or a file, printed as 64 lower-case hex digits. Immutable. */
public final class Id implements Comparable<Id> {
    /** Length of an id in bytes. */
    public static final int LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Id::newSha256);

    private final byte[] bytes;

    private Id(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of 32 bytes. */
    public static Id of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an id has 32 bytes, not " + bytes.length);
        }
        return new Id(bytes.clone());
    }

    /** Reads 32 bytes at {@code offset}. */
    public static Id of(byte[] buf, int offset) {
        return new Id(Arrays.copyOfRange(buf, offset, offset + LENGTH));
    }

    /** Parses 64 hex digits. */
    public static Id parse(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("an id has 64 hex digits: '" + hex + "'");
        }
        try {
            return new Id(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hex id: '" + hex + "'", e);
        }
    }

    /** The SHA-256 of {@code data}. */
    public static Id hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    /** The SHA-256 of a range of {@code data}. */
    public static Id hash(byte[] data, int offset, int length) {
        MessageDigest md = SHA256.get();
        md.update(data, offset, length);
        return new Id(md.digest());
    }

    /** The SHA-256 of the remaining bytes of {@code data}, which is not consumed. */
    public static Id hash(ByteBuffer data) {
        MessageDigest md = SHA256.get();
        md.update(data.duplicate());
        return new Id(md.digest());
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }

    /** A random id, for repository ids. */
    public static Id random() {
        byte[] b = new byte[LENGTH];
        new java.security.SecureRandom().nextBytes(b);
        return new Id(b);
    }

    /** A copy of the 32 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the 32 bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    /** The {@code i}-th big-endian 64-bit word, i in 0..3. */
    public long word(int i) {
        return ByteBuffer.wrap(bytes, i * 8, 8).order(ByteOrder.BIG_ENDIAN).getLong();
    }

    /** Rebuilds an id from its four words. */
    public static Id ofWords(long w0, long w1, long w2, long w3) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.putLong(w0).putLong(w1).putLong(w2).putLong(w3);
        return new Id(b.array());
    }

    /** The 64 hex digits. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** The first 8 hex digits, as restic prints short ids. */
    public String shortHex() {
        return hex().substring(0, 8);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Id other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    @Override
    public int compareTo(Id o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
