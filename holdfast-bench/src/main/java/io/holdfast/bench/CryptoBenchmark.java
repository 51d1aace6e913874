package io.holdfast.bench;

import io.holdfast.format.crypto.Crypto;
import io.holdfast.format.crypto.MasterKey;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * restic's authenticated encryption through {@link Crypto}: encryption (AES-256-CTR then Poly1305-AES), decryption
 * (MAC check then AES-256-CTR), the MAC check alone, and the JDK's AES-256-CTR alone for reference.
 */
public class CryptoBenchmark extends BufferState {
    private final MasterKey key = MasterKey.random();
    private final Crypto crypto = new Crypto(key);
    private byte[] out = new byte[0];
    private byte[] encrypted = new byte[0];
    private final Cipher ctr = newCtr();
    private final SecretKeySpec aesKey = new SecretKeySpec(key.encryptKeyBytes(), "AES");
    private final IvParameterSpec iv = new IvParameterSpec(new byte[16]);

    @Override
    protected void prepare() {
        out = new byte[buf.length + Crypto.OVERHEAD];
        encrypted = crypto.encrypt(buf);
    }

    @Benchmark
    public byte[] encrypt() {
        crypto.encrypt(buf, 0, buf.length, out, 0);
        return out;
    }

    @Benchmark
    public byte[] decrypt() throws Exception {
        return crypto.decrypt(encrypted, "benchmark");
    }

    @Benchmark
    public boolean poly1305Aes() {
        return crypto.verify(encrypted, 0, encrypted.length);
    }

    @Benchmark
    public byte[] aesCtr() throws Exception {
        ctr.init(Cipher.ENCRYPT_MODE, aesKey, iv);
        ctr.doFinal(buf, 0, buf.length, out, 0);
        return out;
    }

    private static Cipher newCtr() {
        try {
            return Cipher.getInstance("AES/CTR/NoPadding");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
