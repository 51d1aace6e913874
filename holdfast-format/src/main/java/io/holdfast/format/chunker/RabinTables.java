package io.holdfast.format.chunker;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Precomputed tables of the Rabin rolling hash for one polynomial {@code P} of degree {@code k}, shared by all chunkers
 * using it (cached for the life of the process; a process sees very few polynomials).
 *
 * <ul>
 *   <li>{@code out[b]} is the fingerprint of byte {@code b} followed by 63 zero bytes: XOR-ing it into the fingerprint
 *       of a 64-byte window whose oldest byte is {@code b} removes that byte.
 *   <li>{@code mod[t]} is {@code (t * x^k mod P) | t * x^k}: after the fingerprint is shifted left by a byte, its top
 *       byte {@code t} sits at bits {@code k..k+7}, and one XOR with {@code mod[t]} both clears it and adds its
 *       remainder.
 * </ul>
 *
 * <p>Tables for sliding two bytes at once, which halves the chain of dependent table look-ups per byte: the
 * fingerprint {@code d} of a window, after sliding out {@code o0, o1} and in {@code b0, b1}, is {@code d * x^16 + o0 *
 * x^520 + o1 * x^512 + b0 * x^8 + b1 (mod P)}, by linearity.
 *
 * <ul>
 *   <li>{@code outB[o] = out[o] * x^8 mod P = o * x^512 mod P}, {@code outA[o] = out[o] * x^16 mod P = o * x^520 mod
 *       P}.
 *   <li>{@code hi2[t] = (t * x^(k+8) mod P) ^ (t << (k+8))}: with {@code mod[]} for the next byte down, it reduces
 *       {@code d << 16} and clears (what remains in 64 bits of) its top 16 bits.
 * </ul>
 */
final class RabinTables {
    private static final ConcurrentMap<Long, RabinTables> CACHE = new ConcurrentHashMap<>();

    final long[] out = new long[256];
    final long[] mod = new long[256];
    final long[] outA = new long[256];
    final long[] outB = new long[256];
    final long[] hi2 = new long[256];
    /** {@code k - 8}: shifting the fingerprint right by this many bits yields its top byte. */
    final int shift;

    private RabinTables(long pol) {
        int k = Polynomial.degree(pol);
        shift = k - 8;
        for (int b = 0; b < 256; b++) {
            long h = appendByte(0, b, pol);
            for (int i = 0; i < ChunkerSpec.WINDOW_SIZE - 1; i++) {
                h = appendByte(h, 0, pol);
            }
            out[b] = h;
            mod[b] = Polynomial.mod((long) b << k, pol) | ((long) b << k);
        }
        long xk8 = Polynomial.mulMod(1L << k, 1L << 8, pol);
        for (int b = 0; b < 256; b++) {
            outB[b] = Polynomial.mulMod(out[b], 1L << 8, pol);
            outA[b] = Polynomial.mulMod(out[b], 1L << 16, pol);
            hi2[b] = Polynomial.mulMod(b, xk8, pol) ^ ((long) b << (k + 8));
        }
    }

    /** The tables of {@code pol}, of degree 16 to 53. */
    static RabinTables of(Polynomial pol) {
        return CACHE.computeIfAbsent(pol.value(), RabinTables::new);
    }

    private static long appendByte(long h, int b, long pol) {
        return Polynomial.mod((h << 8) | b, pol);
    }
}
