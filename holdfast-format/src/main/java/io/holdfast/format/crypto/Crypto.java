package io.holdfast.format.crypto;

import io.holdfast.format.CorruptDataException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * restic's authenticated encryption: {@code IV (16) || AES-256-CTR(plaintext) || Poly1305-AES MAC (16)}, where the
 * MAC covers the ciphertext only and uses the IV as its nonce. Thread-safe.
 */
public final class Crypto {
    /** Bytes of IV. */
    public static final int IV_LENGTH = 16;
    /** Bytes of MAC. */
    public static final int MAC_LENGTH = 16;
    /** Bytes a ciphertext is longer than its plaintext. */
    public static final int OVERHEAD = IV_LENGTH + MAC_LENGTH;

    /** Bytes per AES-CTR call (a multiple of the block size); see {@link #ctr}. */
    static final int CTR_SLICE = 4096;

    private static final ThreadLocal<Cipher> CTR = ThreadLocal.withInitial(() -> cipher("AES/CTR/NoPadding"));
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    private final MasterKey key;
    private final SecretKeySpec aesKey;
    private final Poly1305Aes mac;

    public Crypto(MasterKey key) {
        this.key = key;
        this.aesKey = new SecretKeySpec(key.encryptKey(), "AES");
        this.mac = new Poly1305Aes(key.macK(), key.macR());
    }

    public MasterKey key() {
        return key;
    }

    /** Encrypts {@code plaintext} into a new array of {@code length + OVERHEAD} bytes. */
    public byte[] encrypt(byte[] plaintext, int offset, int length) {
        byte[] out = new byte[length + OVERHEAD];
        encrypt(plaintext, offset, length, out, 0);
        return out;
    }

    public byte[] encrypt(byte[] plaintext) {
        return encrypt(plaintext, 0, plaintext.length);
    }

    /** Encrypts into {@code out} at {@code outOffset}, writing {@code length + OVERHEAD} bytes. */
    public void encrypt(byte[] plaintext, int offset, int length, byte[] out, int outOffset) {
        byte[] iv = new byte[IV_LENGTH];
        RANDOM.get().nextBytes(iv);
        System.arraycopy(iv, 0, out, outOffset, IV_LENGTH);
        try {
            Cipher c = CTR.get();
            c.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(iv));
            ctr(c, plaintext, offset, length, out, outOffset + IV_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
        mac.compute(iv, out, outOffset + IV_LENGTH, length, out, outOffset + IV_LENGTH + length);
    }

    /**
     * Verifies and decrypts {@code IV || ciphertext || MAC}.
     *
     * @param what names the object for the error message
     * @throws CorruptDataException if the data is too short or the MAC does not match
     */
    public byte[] decrypt(byte[] data, int offset, int length, String what) throws CorruptDataException {
        if (length < OVERHEAD) {
            throw new CorruptDataException(what, "ciphertext of " + length + " bytes is shorter than IV and MAC");
        }
        byte[] out = new byte[length - OVERHEAD];
        decrypt(data, offset, length, out, 0, what);
        return out;
    }

    /**
     * Verifies {@code IV || ciphertext || MAC} and decrypts it into {@code out} at {@code outOffset}, which must have
     * room for {@code length - OVERHEAD} bytes; returns that length. Nothing is written when verification fails.
     *
     * @throws CorruptDataException if the data is too short or the MAC does not match
     */
    public int decrypt(byte[] data, int offset, int length, byte[] out, int outOffset, String what)
            throws CorruptDataException {
        if (length < OVERHEAD) {
            throw new CorruptDataException(what, "ciphertext of " + length + " bytes is shorter than IV and MAC");
        }
        if (!verify(data, offset, length)) {
            throw new CorruptDataException(what, "ciphertext verification failed (wrong key or damaged data)");
        }
        int ctLen = length - OVERHEAD;
        byte[] iv = Arrays.copyOfRange(data, offset, offset + IV_LENGTH);
        try {
            Cipher c = CTR.get();
            c.init(Cipher.DECRYPT_MODE, aesKey, new IvParameterSpec(iv));
            ctr(c, data, offset + IV_LENGTH, ctLen, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
        return ctLen;
    }

    public byte[] decrypt(byte[] data, String what) throws CorruptDataException {
        return decrypt(data, 0, data.length, what);
    }

    /** Whether the MAC of {@code IV || ciphertext || MAC} matches, without decrypting. */
    public boolean verify(byte[] data, int offset, int length) {
        if (length < OVERHEAD) {
            return false;
        }
        int ctLen = length - OVERHEAD;
        byte[] iv = Arrays.copyOfRange(data, offset, offset + IV_LENGTH);
        byte[] expected = new byte[MAC_LENGTH];
        mac.compute(iv, data, offset + IV_LENGTH, ctLen, expected, 0);
        int macAt = offset + IV_LENGTH + ctLen;
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(data, macAt, macAt + MAC_LENGTH));
    }

    /**
     * Runs AES-CTR over {@code len} bytes in slices of {@link #CTR_SLICE}. The JIT replaces the JDK's CTR loop with
     * its AES-NI stub only once that method is compiled by C2, which takes a few thousand calls: a backup makes one
     * call per chunk, about a thousand per GiB, so whole-chunk calls ran the slow per-block loop (~150 MB/s here)
     * for the entire first gigabytes. With slices the stub (~7 GB/s) takes over within the first megabytes.
     */
    private static void ctr(Cipher c, byte[] in, int off, int len, byte[] out, int outOff)
            throws GeneralSecurityException {
        int done = 0;
        while (len - done > CTR_SLICE) {
            done += c.update(in, off + done, CTR_SLICE, out, outOff + done);
        }
        done += c.doFinal(in, off + done, len - done, out, outOff + done);
        if (done != len) {
            throw new IllegalStateException("CTR produced " + done + " bytes for " + len);
        }
    }

    static Cipher cipher(String transformation) {
        try {
            return SunJce.cipher(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(transformation + " missing from this JDK", e);
        }
    }
}
