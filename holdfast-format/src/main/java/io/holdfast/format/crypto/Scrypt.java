package io.holdfast.format.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * scrypt (RFC 7914), the key derivation of restic's key files and of the prompt-log key store.
 *
 * <p>Written here rather than taken from Bouncy Castle because every command that opens a repository derives one key
 * before doing anything else, in a JVM that has not compiled anything yet: Bouncy Castle's scrypt took 316 ms cold
 * and 134 ms warm at restic's N = 2^15, r = 8, p = 1 (its Salsa20/8 core copies the block into and out of arrays on
 * every call), the larger part of a short command. Here BlockMix keeps the 16-word Salsa20 state in local variables
 * and XORs the previous block in as it loads it, so the hot loop touches each word once (the second loop of ROMix XORs
 * the chosen V entry into its input first, in a loop of its own). PBKDF2-HMAC-SHA256 with one iteration is the JDK's HMAC.
 */
public final class Scrypt {
    private Scrypt() {}

    /**
     * The scrypt key of {@code password} and {@code salt}.
     *
     * @param n CPU/memory cost, a power of two greater than 1
     * @param r block size, at least 1
     * @param p parallelism, at least 1
     * @param length the key length in bytes
     * @throws IllegalArgumentException if the parameters are out of range or need more than 2 GiB
     */
    public static byte[] derive(byte[] password, byte[] salt, int n, int r, int p, int length) {
        if (n < 2 || (n & (n - 1)) != 0) {
            throw new IllegalArgumentException("scrypt N must be a power of two greater than 1, not " + n);
        }
        if (r < 1 || p < 1 || length < 1) {
            throw new IllegalArgumentException("scrypt r, p and the key length must be positive");
        }
        long words = 32L * r;
        if (words * n > Integer.MAX_VALUE - 8 || words * p > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("scrypt parameters too large: N=" + n + " r=" + r + " p=" + p);
        }
        Mac hmac = hmac(password);
        byte[] b = pbkdf2(hmac, salt, (int) (128L * r * p));
        int blockWords = (int) words;
        int[] x = new int[blockWords];
        int[] y = new int[blockWords];
        int[] v = new int[blockWords * n];
        for (int i = 0; i < p; i++) {
            int off = i * 128 * r;
            for (int k = 0; k < blockWords; k++) {
                x[k] = littleEndian(b, off + 4 * k);
            }
            roMix(x, y, v, n, r);
            for (int k = 0; k < blockWords; k++) {
                int w = x[k];
                b[off + 4 * k] = (byte) w;
                b[off + 4 * k + 1] = (byte) (w >>> 8);
                b[off + 4 * k + 2] = (byte) (w >>> 16);
                b[off + 4 * k + 3] = (byte) (w >>> 24);
            }
        }
        byte[] key = pbkdf2(hmac, b, length);
        Arrays.fill(b, (byte) 0);
        Arrays.fill(v, 0);
        Arrays.fill(x, 0);
        Arrays.fill(y, 0);
        return key;
    }

    /** ROMix: {@code x} (32r words) is replaced by its result; {@code y} is scratch, {@code v} holds N blocks. */
    private static void roMix(int[] x, int[] y, int[] v, int n, int r) {
        int words = 32 * r;
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, 0, v, i * words, words);
            blockMix(x, y, r);
            int[] t = x;
            x = y;
            y = t;
        }
        int last = (2 * r - 1) * 16;
        for (int i = 0; i < n; i++) {
            xorInto(x, v, (x[last] & (n - 1)) * words);
            blockMix(x, y, r);
            int[] t = x;
            x = y;
            y = t;
        }
        // n is even, so after 2n swaps x is again the caller's array and holds the result
    }

    /**
     * {@code x ^= } the V entry at {@code vOff}, as a loop of its own rather than inside BlockMix: a BlockMix that XORed
     * it in as it loaded each word had a branch that ROMix's first loop never takes, so C2 compiled it for that loop,
     * deoptimised it when the second began and compiled it again, 0.2 s of CPU at the start of every command that
     * opens a repository (two derivations at once for a prompt-log backup) (design.md §22).
     */
    private static void xorInto(int[] x, int[] v, int vOff) {
        for (int k = 0; k < x.length; k++) {
            x[k] ^= v[vOff + k];
        }
    }

    /**
     * BlockMix of {@code in}, written to {@code out} in scrypt's order: even-numbered Salsa20/8 outputs first, then the
     * odd ones.
     */
    private static void blockMix(int[] in, int[] out, int r) {
        int lastIn = (2 * r - 1) * 16;
        int x0 = in[lastIn], x1 = in[lastIn + 1], x2 = in[lastIn + 2], x3 = in[lastIn + 3];
        int x4 = in[lastIn + 4], x5 = in[lastIn + 5], x6 = in[lastIn + 6], x7 = in[lastIn + 7];
        int x8 = in[lastIn + 8], x9 = in[lastIn + 9], x10 = in[lastIn + 10], x11 = in[lastIn + 11];
        int x12 = in[lastIn + 12], x13 = in[lastIn + 13], x14 = in[lastIn + 14], x15 = in[lastIn + 15];
        for (int i = 0; i < 2 * r; i++) {
            int o = i * 16;
            x0 ^= in[o];
            x1 ^= in[o + 1];
            x2 ^= in[o + 2];
            x3 ^= in[o + 3];
            x4 ^= in[o + 4];
            x5 ^= in[o + 5];
            x6 ^= in[o + 6];
            x7 ^= in[o + 7];
            x8 ^= in[o + 8];
            x9 ^= in[o + 9];
            x10 ^= in[o + 10];
            x11 ^= in[o + 11];
            x12 ^= in[o + 12];
            x13 ^= in[o + 13];
            x14 ^= in[o + 14];
            x15 ^= in[o + 15];
            int j0 = x0, j1 = x1, j2 = x2, j3 = x3, j4 = x4, j5 = x5, j6 = x6, j7 = x7;
            int j8 = x8, j9 = x9, j10 = x10, j11 = x11, j12 = x12, j13 = x13, j14 = x14, j15 = x15;
            for (int round = 0; round < 8; round += 2) {
                // columns
                x4 ^= Integer.rotateLeft(x0 + x12, 7);
                x8 ^= Integer.rotateLeft(x4 + x0, 9);
                x12 ^= Integer.rotateLeft(x8 + x4, 13);
                x0 ^= Integer.rotateLeft(x12 + x8, 18);
                x9 ^= Integer.rotateLeft(x5 + x1, 7);
                x13 ^= Integer.rotateLeft(x9 + x5, 9);
                x1 ^= Integer.rotateLeft(x13 + x9, 13);
                x5 ^= Integer.rotateLeft(x1 + x13, 18);
                x14 ^= Integer.rotateLeft(x10 + x6, 7);
                x2 ^= Integer.rotateLeft(x14 + x10, 9);
                x6 ^= Integer.rotateLeft(x2 + x14, 13);
                x10 ^= Integer.rotateLeft(x6 + x2, 18);
                x3 ^= Integer.rotateLeft(x15 + x11, 7);
                x7 ^= Integer.rotateLeft(x3 + x15, 9);
                x11 ^= Integer.rotateLeft(x7 + x3, 13);
                x15 ^= Integer.rotateLeft(x11 + x7, 18);
                // rows
                x1 ^= Integer.rotateLeft(x0 + x3, 7);
                x2 ^= Integer.rotateLeft(x1 + x0, 9);
                x3 ^= Integer.rotateLeft(x2 + x1, 13);
                x0 ^= Integer.rotateLeft(x3 + x2, 18);
                x6 ^= Integer.rotateLeft(x5 + x4, 7);
                x7 ^= Integer.rotateLeft(x6 + x5, 9);
                x4 ^= Integer.rotateLeft(x7 + x6, 13);
                x5 ^= Integer.rotateLeft(x4 + x7, 18);
                x11 ^= Integer.rotateLeft(x10 + x9, 7);
                x8 ^= Integer.rotateLeft(x11 + x10, 9);
                x9 ^= Integer.rotateLeft(x8 + x11, 13);
                x10 ^= Integer.rotateLeft(x9 + x8, 18);
                x12 ^= Integer.rotateLeft(x15 + x14, 7);
                x13 ^= Integer.rotateLeft(x12 + x15, 9);
                x14 ^= Integer.rotateLeft(x13 + x12, 13);
                x15 ^= Integer.rotateLeft(x14 + x13, 18);
            }
            x0 += j0;
            x1 += j1;
            x2 += j2;
            x3 += j3;
            x4 += j4;
            x5 += j5;
            x6 += j6;
            x7 += j7;
            x8 += j8;
            x9 += j9;
            x10 += j10;
            x11 += j11;
            x12 += j12;
            x13 += j13;
            x14 += j14;
            x15 += j15;
            int w = ((i & 1) == 0 ? i >> 1 : r + (i >> 1)) * 16;
            out[w] = x0;
            out[w + 1] = x1;
            out[w + 2] = x2;
            out[w + 3] = x3;
            out[w + 4] = x4;
            out[w + 5] = x5;
            out[w + 6] = x6;
            out[w + 7] = x7;
            out[w + 8] = x8;
            out[w + 9] = x9;
            out[w + 10] = x10;
            out[w + 11] = x11;
            out[w + 12] = x12;
            out[w + 13] = x13;
            out[w + 14] = x14;
            out[w + 15] = x15;
        }
    }

    private static int littleEndian(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static Mac hmac(byte[] password) {
        try {
            Mac mac = SunJce.mac("HmacSHA256");
            // an empty password is legal in scrypt but not in SecretKeySpec; HMAC pads any key to the block with zeros,
            // so one zero byte is the same key
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("password not usable as an HMAC key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** PBKDF2-HMAC-SHA256 with one iteration (RFC 8018), as scrypt uses it. */
    private static byte[] pbkdf2(Mac hmac, byte[] salt, int length) {
        byte[] out = new byte[length];
        byte[] counter = new byte[4];
        for (int block = 1, off = 0; off < length; block++, off += 32) {
            counter[0] = (byte) (block >>> 24);
            counter[1] = (byte) (block >>> 16);
            counter[2] = (byte) (block >>> 8);
            counter[3] = (byte) block;
            hmac.update(salt);
            byte[] u = hmac.doFinal(counter);
            System.arraycopy(u, 0, out, off, Math.min(32, length - off));
        }
        return out;
    }
}
