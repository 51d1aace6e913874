package io.holdfast.promptlog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic authenticated encryption of one record's personal bytes with one subject key: AES-256-GCM with a
 * synthetic IV, {@code nonce = HMAC-SHA-256(macKey, u32(len(aad)) || aad || plaintext)[0..12]}, output {@code nonce ||
 * ciphertext || tag(16)}. The encryption and MAC keys are derived from the subject key with HMAC-SHA-256 under fixed
 * labels. Equal (key, associated data, plaintext) give equal output, which lets an unchanged record encrypt to the same
 * bytes every day so that a growing log deduplicates; the cost is that equal records of one subject are recognisable as
 * equal (docs/design.md §17). Uses the JDK's AES-GCM and HMAC (hardware-accelerated). Not thread-safe.
 */
final class SubjectCipher {
    static final int NONCE = 12;
    static final int TAG = 16;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKeySpec enc;
    private final Mac mac;
    /**
     * One Cipher for every record of the subject, initialised again for each: {@code Cipher.getInstance} per record
     * was a provider lookup and a key schedule each time, and enough calls to have the JIT compile the lookup.
     */
    private @Nullable Cipher gcm;

    SubjectCipher(SubjectKey key) {
        try {
            Mac kdf = Mac.getInstance("HmacSHA256");
            kdf.init(new SecretKeySpec(key.key(), "HmacSHA256"));
            this.enc = new SecretKeySpec(
                    kdf.doFinal("holdfast-promptlog v1 encryption".getBytes(StandardCharsets.US_ASCII)), "AES");
            byte[] macKey = kdf.doFinal("holdfast-promptlog v1 synthetic iv".getBytes(StandardCharsets.US_ASCII));
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    byte[] seal(byte[] aad, byte[] plaintext) {
        mac.update(new byte[] {
            (byte) (aad.length >>> 24), (byte) (aad.length >>> 16), (byte) (aad.length >>> 8), (byte) aad.length
        });
        mac.update(aad);
        return encrypt(aad, plaintext, java.util.Arrays.copyOf(mac.doFinal(plaintext), NONCE));
    }

    private byte[] encrypt(byte[] aad, byte[] plaintext, byte[] nonce) {
        try {
            Cipher c = gcm();
            GCMParameterSpec spec = new GCMParameterSpec(TAG * 8, nonce);
            try {
                c.init(Cipher.ENCRYPT_MODE, enc, spec);
            } catch (InvalidAlgorithmParameterException e) {
                // the JDK refuses the same key and nonce twice in a row on one Cipher; with the synthetic nonce that
                // is an equal record of this subject, which encrypts to the same bytes by design
                c = Cipher.getInstance(TRANSFORMATION);
                gcm = c;
                c.init(Cipher.ENCRYPT_MODE, enc, spec);
            }
            c.updateAAD(aad);
            byte[] out = new byte[NONCE + c.getOutputSize(plaintext.length)];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            int n = c.doFinal(plaintext, 0, plaintext.length, out, NONCE);
            return n + NONCE == out.length ? out : java.util.Arrays.copyOf(out, NONCE + n);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Like {@link #seal} with a random nonce instead of the synthetic one: for data that need not encrypt to the same
     * bytes twice (a checkpoint's histories), without the HMAC pass over the plaintext.
     */
    byte[] sealRandom(byte[] aad, byte[] plaintext) {
        return encrypt(aad, plaintext, KeyStoreFiles.random(NONCE));
    }

    private Cipher gcm() throws GeneralSecurityException {
        Cipher c = gcm;
        if (c == null) {
            c = Cipher.getInstance(TRANSFORMATION);
            gcm = c;
        }
        return c;
    }

    /** Decrypts {@code len} bytes at {@code off}, or throws if the data, the associated data or the key differ. */
    byte[] open(byte[] aad, byte[] data, int off, int len) throws AEADBadTagException {
        if (len < NONCE + TAG) {
            throw new AEADBadTagException("sealed part of " + len + " bytes is too short");
        }
        try {
            Cipher c = gcm();
            c.init(Cipher.DECRYPT_MODE, enc, new GCMParameterSpec(TAG * 8, data, off, NONCE));
            c.updateAAD(aad);
            return c.doFinal(data, off + NONCE, len - NONCE);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }
}
