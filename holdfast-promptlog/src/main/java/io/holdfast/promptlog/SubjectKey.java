package io.holdfast.promptlog;

import java.util.HexFormat;

/**
 * One data key of one subject: a 16-byte random id, which travels in every record envelope, and the 32-byte AES key.
 * Ids say nothing about the subject.
 */
public record SubjectKey(byte[] id, byte[] key) {
    public static final int ID_BYTES = 16;
    public static final int KEY_BYTES = 32;

    public SubjectKey {
        if (id.length != ID_BYTES || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a subject key has a 16-byte id and a 32-byte key");
        }
        id = id.clone();
        key = key.clone();
    }

    @Override
    public byte[] id() {
        return id.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubjectKey k && java.util.Arrays.equals(id, k.id) && java.util.Arrays.equals(key, k.key);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(id);
    }

    @Override
    public String toString() {
        return "SubjectKey[" + idHex() + "]";
    }
}
