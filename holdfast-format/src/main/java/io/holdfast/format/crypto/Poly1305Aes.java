package io.holdfast.format.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Poly1305-AES (Bernstein 2005): the one-time key {@code s} is AES-128 of the nonce under {@code k}, and {@code r}
 * is clamped as Poly1305 requires. The polynomial is evaluated by the JDK's intrinsic Poly1305 where this JVM
 * allows it ({@link JdkPoly1305}), otherwise here, with five 26-bit limbs in 64-bit arithmetic.
 */
final class Poly1305Aes {
    private final SecretKeySpec k;
    private final ThreadLocal<Cipher> ecb;
    private final byte[] rawR;
    private final @Nullable ThreadLocal<JdkPoly1305> jdk;
    private final long r0;
    private final long r1;
    private final long r2;
    private final long r3;
    private final long r4;

    Poly1305Aes(byte[] macK, byte[] macR) {
        this(macK, macR, JdkPoly1305.available());
    }

    /** With {@code useJdk} false, always the Java loop (for tests comparing both). */
    Poly1305Aes(byte[] macK, byte[] macR, boolean useJdk) {
        this.k = new SecretKeySpec(macK.clone(), "AES");
        this.ecb = ThreadLocal.withInitial(this::newEcb);
        this.rawR = macR.clone();
        this.jdk = useJdk ? ThreadLocal.withInitial(JdkPoly1305::create) : null;
        long t0 = le32(macR, 0);
        long t1 = le32(macR, 4);
        long t2 = le32(macR, 8);
        long t3 = le32(macR, 12);
        // clamp r and split into 26-bit limbs
        r0 = t0 & 0x3ffffff;
        r1 = ((t0 >>> 26) | (t1 << 6)) & 0x3ffff03;
        r2 = ((t1 >>> 20) | (t2 << 12)) & 0x3ffc0ff;
        r3 = ((t2 >>> 14) | (t3 << 18)) & 0x3f03fff;
        r4 = (t3 >>> 8) & 0x00fffff;
    }

    private Cipher newEcb() {
        try {
            Cipher c = SunJce.cipher("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, k);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES missing from this JDK", e);
        }
    }

    /** Computes the 16-byte tag of {@code msg[off, off+len)} under {@code nonce} into {@code out[outOff]}. */
    void compute(byte[] nonce, byte[] msg, int off, int len, byte[] out, int outOff) {
        byte[] s = new byte[16];
        try {
            ecb.get().doFinal(nonce, 0, 16, s, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed", e);
        }
        if (jdk != null) {
            byte[] rs = new byte[32];
            System.arraycopy(rawR, 0, rs, 0, 16);
            System.arraycopy(s, 0, rs, 16, 16);
            jdk.get().compute(rs, msg, off, len, out, outOff);
            return;
        }
        final long s1 = r1 * 5;
        final long s2 = r2 * 5;
        final long s3 = r3 * 5;
        final long s4 = r4 * 5;
        long h0 = 0;
        long h1 = 0;
        long h2 = 0;
        long h3 = 0;
        long h4 = 0;
        int pos = off;
        int end = off + len;
        byte[] last = null;
        while (pos < end) {
            long m0;
            long m1;
            long m2;
            long m3;
            long hibit;
            if (end - pos >= 16) {
                m0 = le32(msg, pos);
                m1 = le32(msg, pos + 4);
                m2 = le32(msg, pos + 8);
                m3 = le32(msg, pos + 12);
                hibit = 1L << 24;
                pos += 16;
            } else {
                if (last == null) {
                    last = new byte[16];
                }
                int n = end - pos;
                System.arraycopy(msg, pos, last, 0, n);
                last[n] = 1;
                m0 = le32(last, 0);
                m1 = le32(last, 4);
                m2 = le32(last, 8);
                m3 = le32(last, 12);
                hibit = 0;
                pos = end;
            }
            h0 += m0 & 0x3ffffff;
            h1 += ((m0 >>> 26) | (m1 << 6)) & 0x3ffffff;
            h2 += ((m1 >>> 20) | (m2 << 12)) & 0x3ffffff;
            h3 += ((m2 >>> 14) | (m3 << 18)) & 0x3ffffff;
            h4 += (m3 >>> 8) | hibit;

            long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
            long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
            long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
            long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
            long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

            long c = d0 >>> 26;
            h0 = d0 & 0x3ffffff;
            d1 += c;
            c = d1 >>> 26;
            h1 = d1 & 0x3ffffff;
            d2 += c;
            c = d2 >>> 26;
            h2 = d2 & 0x3ffffff;
            d3 += c;
            c = d3 >>> 26;
            h3 = d3 & 0x3ffffff;
            d4 += c;
            c = d4 >>> 26;
            h4 = d4 & 0x3ffffff;
            h0 += c * 5;
            c = h0 >>> 26;
            h0 &= 0x3ffffff;
            h1 += c;
        }
        // full carry
        long c = h1 >>> 26;
        h1 &= 0x3ffffff;
        h2 += c;
        c = h2 >>> 26;
        h2 &= 0x3ffffff;
        h3 += c;
        c = h3 >>> 26;
        h3 &= 0x3ffffff;
        h4 += c;
        c = h4 >>> 26;
        h4 &= 0x3ffffff;
        h0 += c * 5;
        c = h0 >>> 26;
        h0 &= 0x3ffffff;
        h1 += c;

        // compute h - p and select
        long g0 = h0 + 5;
        c = g0 >>> 26;
        g0 &= 0x3ffffff;
        long g1 = h1 + c;
        c = g1 >>> 26;
        g1 &= 0x3ffffff;
        long g2 = h2 + c;
        c = g2 >>> 26;
        g2 &= 0x3ffffff;
        long g3 = h3 + c;
        c = g3 >>> 26;
        g3 &= 0x3ffffff;
        long g4 = h4 + c - (1L << 26);
        long mask = (g4 >>> 63) - 1; // all ones if g4 >= 0 (h >= p)
        h0 = (h0 & ~mask) | (g0 & mask);
        h1 = (h1 & ~mask) | (g1 & mask);
        h2 = (h2 & ~mask) | (g2 & mask);
        h3 = (h3 & ~mask) | (g3 & mask);
        h4 = (h4 & ~mask) | (g4 & mask);

        // h mod 2^128
        long f0 = (h0 | (h1 << 26)) & 0xffffffffL;
        long f1 = ((h1 >>> 6) | (h2 << 20)) & 0xffffffffL;
        long f2 = ((h2 >>> 12) | (h3 << 14)) & 0xffffffffL;
        long f3 = ((h3 >>> 18) | (h4 << 8)) & 0xffffffffL;

        f0 += le32(s, 0);
        f1 += le32(s, 4) + (f0 >>> 32);
        f2 += le32(s, 8) + (f1 >>> 32);
        f3 += le32(s, 12) + (f2 >>> 32);
        put32(out, outOff, f0);
        put32(out, outOff + 4, f1);
        put32(out, outOff + 8, f2);
        put32(out, outOff + 12, f3);
    }

    private static long le32(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
    }

    private static void put32(byte[] b, int i, long v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
