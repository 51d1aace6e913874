package io.holdfast.format.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The repository's symmetric key material: a 32-byte AES-256 key for encryption and a Poly1305-AES MAC key made of a
 * 16-byte AES-128 key {@code k} and a 16-byte {@code r}. A key file derives one of these from a password to unwrap
 * the master key, which is also one of these.
 */
public final class MasterKey {
    private final byte[] encrypt;
    private final byte[] macK;
    private final byte[] macR;

    public MasterKey(byte[] encrypt, byte[] macK, byte[] macR) {
        if (encrypt.length != 32 || macK.length != 16 || macR.length != 16) {
            throw new IllegalArgumentException("key lengths must be 32, 16 and 16 bytes");
        }
        this.encrypt = encrypt.clone();
        this.macK = macK.clone();
        this.macR = macR.clone();
    }

    /** A new random key. */
    public static MasterKey random() {
        SecureRandom rnd = new SecureRandom();
        byte[] e = new byte[32];
        byte[] k = new byte[16];
        byte[] r = new byte[16];
        rnd.nextBytes(e);
        rnd.nextBytes(k);
        rnd.nextBytes(r);
        return new MasterKey(e, k, r);
    }

    /** Splits 64 bytes of KDF output as restic does: encryption key, then MAC k, then MAC r. */
    public static MasterKey fromKdfOutput(byte[] derived) {
        if (derived.length != 64) {
            throw new IllegalArgumentException("need 64 bytes of derived key");
        }
        return new MasterKey(
                Arrays.copyOfRange(derived, 0, 32),
                Arrays.copyOfRange(derived, 32, 48),
                Arrays.copyOfRange(derived, 48, 64));
    }

    byte[] encryptKey() {
        return encrypt;
    }

    byte[] macK() {
        return macK;
    }

    byte[] macR() {
        return macR;
    }

    /** Copies of the three parts, for serialization into a key file. */
    public byte[] encryptKeyBytes() {
        return encrypt.clone();
    }

    public byte[] macKBytes() {
        return macK.clone();
    }

    public byte[] macRBytes() {
        return macR.clone();
    }
}
