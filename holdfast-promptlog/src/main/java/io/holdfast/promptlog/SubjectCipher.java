package io.holdfast.promptlog;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Deterministic authenticated encryption of one record's personal bytes: AES-256-GCM-SIV (RFC 8452) with a fixed
 * all-zero nonce. Equal (key, associated data, plaintext) give equal ciphertexts, which is what lets an unchanged record
 * encrypt to the same bytes every day so that appended logs deduplicate; the cost is that equal records of one subject
 * are recognisable as equal (docs/design.md §15). The tag is 16 bytes; there is no stored nonce.
 */
final class SubjectCipher {
    private static final byte[] NONCE = new byte[12];

    private SubjectCipher() {}

    static byte[] seal(byte[] key, byte[] aad, byte[] plaintext) {
        GCMSIVBlockCipher c = new GCMSIVBlockCipher(AESEngine.newInstance());
        c.init(true, new AEADParameters(new KeyParameter(key), 128, NONCE, aad));
        byte[] out = new byte[c.getOutputSize(plaintext.length)];
        int n = c.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            n += c.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("encryption cannot fail", e);
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** Decrypts, or throws if the ciphertext, the associated data or the key do not match. */
    static byte[] open(byte[] key, byte[] aad, byte[] ciphertext, int off, int len) throws InvalidCipherTextException {
        GCMSIVBlockCipher c = new GCMSIVBlockCipher(AESEngine.newInstance());
        c.init(false, new AEADParameters(new KeyParameter(key), 128, NONCE, aad));
        byte[] out = new byte[c.getOutputSize(len)];
        int n = c.processBytes(ciphertext, off, len, out, 0);
        n += c.doFinal(out, n);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
}
