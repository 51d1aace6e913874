package io.holdfast.format.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.format.CorruptDataException;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class CryptoTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The tests run with the launcher's --add-opens, so the JDK's intrinsic Poly1305 is the one they exercise. */
    @Test
    void jdkPoly1305IsUsedWhereTheJvmAllowsIt() {
        assertThat(JdkPoly1305.available()).isTrue();
    }

    /**
     * Poly1305-AES, through the JDK's Poly1305 and through the Java loop, against Bouncy Castle's independent
     * implementation, for random keys, nonces and lengths (up to several of the 4 KiB slices the JDK path uses).
     */
    @Property(tries = 300)
    void poly1305AesMatchesBouncyCastle(
            @ForAll @Size(16) byte[] k,
            @ForAll @Size(16) byte[] r,
            @ForAll @Size(16) byte[] nonce,
            @ForAll @Size(max = 300) byte[] head,
            @ForAll boolean long_,
            @ForAll boolean useJdk) {
        byte[] msg = head;
        if (long_) { // lengths around and beyond the slice size
            msg = Arrays.copyOf(head, 4096 * 2 + head.length * 13);
            new java.util.Random(head.length).nextBytes(msg);
        }
        byte[] ours = new byte[16];
        new Poly1305Aes(k, r, useJdk).compute(nonce, msg, 0, msg.length, ours, 0);

        Poly1305 bc = new Poly1305(AESEngine.newInstance());
        byte[] key = new byte[32];
        System.arraycopy(r, 0, key, 0, 16);
        System.arraycopy(k, 0, key, 16, 16);
        bc.init(new ParametersWithIV(new KeyParameter(key), nonce));
        bc.update(msg, 0, msg.length);
        byte[] theirs = new byte[16];
        bc.doFinal(theirs, 0);
        assertThat(ours).isEqualTo(theirs);
    }

    /** The Poly1305-AES test vector from Bernstein's paper (2005), appendix B, second example. */
    @Test
    void bernsteinTestVector() {
        byte[] k = HEX.parseHex("ec074c835580741701425b623235add6");
        byte[] r = HEX.parseHex("851fc40c3467ac0be05cc20404f3f700");
        byte[] nonce = HEX.parseHex("fb447350c4e868c52ac3275cf9d4327e");
        byte[] msg = HEX.parseHex("f3f6");
        byte[] mac = new byte[16];
        new Poly1305Aes(k, r).compute(nonce, msg, 0, msg.length, mac, 0);
        assertThat(HEX.formatHex(mac)).isEqualTo("f4c633c3044fc145f84f335cb81953de");
    }

    @Property(tries = 100)
    void encryptDecryptRoundTrip(@ForAll @Size(max = 5000) byte[] plain) throws CorruptDataException {
        Crypto c = new Crypto(MasterKey.random());
        byte[] ct = c.encrypt(plain);
        assertThat(ct).hasSize(plain.length + Crypto.OVERHEAD);
        assertThat(c.decrypt(ct, "test")).isEqualTo(plain);
    }

    /** The sliced AES-CTR gives Bouncy Castle's keystream across slice boundaries, and decrypts what it wrote. */
    @Property(tries = 50)
    void ctrMatchesBouncyCastleAcrossSlices(@ForAll @IntRange(max = 5 * Crypto.CTR_SLICE + 100) int length)
            throws CorruptDataException {
        MasterKey key = MasterKey.random();
        Crypto c = new Crypto(key);
        byte[] plain = new byte[length];
        new java.util.Random(length).nextBytes(plain);
        byte[] ct = c.encrypt(plain);
        var bc = org.bouncycastle.crypto.modes.SICBlockCipher.newInstance(AESEngine.newInstance());
        bc.init(true, new ParametersWithIV(new KeyParameter(key.encryptKey()), Arrays.copyOf(ct, 16)));
        byte[] expected = new byte[length];
        bc.processBytes(plain, 0, length, expected, 0);
        assertThat(Arrays.copyOfRange(ct, 16, 16 + length)).isEqualTo(expected);
        assertThat(c.decrypt(ct, "test")).isEqualTo(plain);
    }

    @Test
    void everyFlippedBitIsDetected() {
        Crypto c = new Crypto(MasterKey.random());
        byte[] ct = c.encrypt("some secret text of a backup".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < ct.length * 8; i++) {
            byte[] bad = Arrays.copyOf(ct, ct.length);
            bad[i / 8] ^= (byte) (1 << (i % 8));
            assertThatThrownBy(() -> c.decrypt(bad, "blob x"))
                    .isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining("blob x");
        }
    }

    @Test
    void wrongKeyFailsAndTooShortFails() {
        Crypto a = new Crypto(MasterKey.random());
        Crypto b = new Crypto(MasterKey.random());
        byte[] ct = a.encrypt(new byte[100]);
        assertThatThrownBy(() -> b.decrypt(ct, "x")).isInstanceOf(CorruptDataException.class);
        assertThatThrownBy(() -> a.decrypt(new byte[31], "x")).isInstanceOf(CorruptDataException.class);
    }

    @Test
    void keyFileOpensOnlyWithItsPassword() throws Exception {
        MasterKey master = MasterKey.random();
        KeyFile kf = KeyFile.create(master, "secret", "u", "h", new KeyFile.KdfParams(1024, 8, 1));
        KeyFile parsed = KeyFile.parse(kf.toJson(), "keys/x");
        MasterKey opened = parsed.open("secret", "keys/x");
        assertThat(opened.encryptKeyBytes()).isEqualTo(master.encryptKeyBytes());
        assertThat(opened.macKBytes()).isEqualTo(master.macKBytes());
        assertThat(opened.macRBytes()).isEqualTo(master.macRBytes());
        assertThatThrownBy(() -> parsed.open("wrong", "keys/x")).isInstanceOf(WrongPasswordException.class);
    }

    @Test
    void keyFileRejectsAbsurdKdfParameters() {
        String json = "{\"kdf\":\"scrypt\",\"N\":3,\"r\":8,\"p\":1,\"salt\":\"AA==\",\"data\":\"AA==\"}";
        assertThatThrownBy(() -> KeyFile.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "keys/y"))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("keys/y");
    }
}
