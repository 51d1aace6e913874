package io.holdfast.format.model.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The arithmetic delta of a tensor against its base (header flag bit 2, design.md §16.2). Elements are read as
 * little-endian integers of {@code width} bytes (2, 4 or 8). For element {@code i} of the tensor {@code x} and of the
 * base {@code b}, the stored value is the zigzag form of the signed difference {@code x[i] - b[i]} (taken modulo
 * 2<sup>8·width</sup>): small moves up or down become small unsigned numbers, where an XOR of two nearby floats leaves
 * a run of random low bits plus carries. The values are stored <b>in order of the base element's key</b>, the 8 bits
 * just below the sign bit (the exponent of a float32 or bfloat16, the exponent's top bits of a float64, the exponent
 * and two mantissa bits of a float16), stably; plane {@code k} holds byte {@code k} of every value in that order.
 *
 * <p>Why the order: a weight moved by a fixed amount changes by more units in the last place the smaller its
 * exponent, so the size of the difference depends on the exponent. Grouped by exponent, each run of zstd's entropy
 * coder sees one size class, which is close to coding the difference given the exponent: on float32 weights moved by
 * 1 % of their spread this stores 0.632 of the raw size against 0.671 for the XOR and a measured bound of 0.619
 * (docs/benchmarks.md, "Model codec on float32"). The decoder knows the base, so the order costs no bytes.
 *
 * <p>Both directions are one pass over the elements after a histogram pass over the base's keys: element {@code i}
 * goes to position {@code start[key] + (earlier elements with the same key)}, a counter per key. The elements are
 * taken in four segments, each with its own counters, interleaved: one chain of counter updates would wait on the
 * previous one's store most of the time, since neighbouring weights mostly share their exponent.
 */
final class ArithmeticDelta {
    private static final VarHandle SHORTS =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Runs of elements whose counters are kept apart (see {@link #cursors}). */
    private static final int SEGMENTS = 4;

    private ArithmeticDelta() {}

    /** Whether elements of {@code width} bytes can be encoded this way. */
    static boolean supports(int width) {
        return width == 2 || width == 4 || width == 8;
    }

    /**
     * Writes the planes of {@code src - base} ({@code len} bytes at {@code src[off]} and {@code base[baseOff]}, a
     * multiple of {@code width}) to {@code dst[0..len)}, through {@code tmp[0..len)}: the values are first put in
     * their order whole (one store each, instead of one per plane at scattered places), then split into planes in one
     * linear pass.
     */
    static void split(byte[] src, int off, byte[] base, int baseOff, int len, int width, byte[] tmp, byte[] dst) {
        int count = len / width;
        int[][] next = cursors(base, baseOff, count, width);
        int[] c0 = next[0];
        int[] c1 = next[1];
        int[] c2 = next[2];
        int[] c3 = next[3];
        int seg = count / SEGMENTS;
        int tail = SEGMENTS * seg;
        // the four segments' counter chains are independent, so their elements are processed interleaved
        switch (width) {
            case 2 -> {
                for (int j = 0; j < seg; j++) {
                    order2(src, off, base, baseOff, c0, j, tmp);
                    order2(src, off, base, baseOff, c1, seg + j, tmp);
                    order2(src, off, base, baseOff, c2, 2 * seg + j, tmp);
                    order2(src, off, base, baseOff, c3, 3 * seg + j, tmp);
                }
                for (int i = tail; i < count; i++) {
                    order2(src, off, base, baseOff, c3, i, tmp);
                }
            }
            case 4 -> {
                for (int j = 0; j < seg; j++) {
                    order4(src, off, base, baseOff, c0, j, tmp);
                    order4(src, off, base, baseOff, c1, seg + j, tmp);
                    order4(src, off, base, baseOff, c2, 2 * seg + j, tmp);
                    order4(src, off, base, baseOff, c3, 3 * seg + j, tmp);
                }
                for (int i = tail; i < count; i++) {
                    order4(src, off, base, baseOff, c3, i, tmp);
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    order8(src, off, base, baseOff, c0, c1, c2, c3, seg, i, tmp);
                }
            }
        }
        ByteGrouping.split(tmp, 0, len, width, dst);
    }

    private static void order2(byte[] src, int off, byte[] base, int baseOff, int[] next, int i, byte[] tmp) {
        int b = (short) SHORTS.get(base, baseOff + 2 * i);
        int s = (short) ((short) SHORTS.get(src, off + 2 * i) - b);
        SHORTS.set(tmp, 2 * next[(b >>> 7) & 0xFF]++, (short) ((s << 1) ^ (s >> 31)));
    }

    private static void order4(byte[] src, int off, byte[] base, int baseOff, int[] next, int i, byte[] tmp) {
        int b = (int) INTS.get(base, baseOff + 4 * i);
        int s = (int) INTS.get(src, off + 4 * i) - b;
        INTS.set(tmp, 4 * next[(b >>> 23) & 0xFF]++, (s << 1) ^ (s >> 31));
    }

    private static void order8(
            byte[] src,
            int off,
            byte[] base,
            int baseOff,
            int[] c0,
            int[] c1,
            int[] c2,
            int[] c3,
            int seg,
            int i,
            byte[] tmp) {
        long b = (long) LONGS.get(base, baseOff + 8 * i);
        long s = (long) LONGS.get(src, off + 8 * i) - b;
        int[] next = i < seg ? c0 : i < 2 * seg ? c1 : i < 3 * seg ? c2 : c3;
        LONGS.set(tmp, 8 * next[(int) (b >>> 55) & 0xFF]++, (s << 1) ^ (s >> 63));
    }

    /**
     * Inverse of {@link #split}: {@code dst[off..off+len)} holds the base and becomes the tensor, the differences
     * taken from the planes at {@code planes[0..len)}.
     */
    static void add(byte[] planes, int len, int width, byte[] dst, int off) {
        int count = len / width;
        int[][] next = cursors(dst, off, count, width);
        int[] c0 = next[0];
        int[] c1 = next[1];
        int[] c2 = next[2];
        int[] c3 = next[3];
        int seg = count / SEGMENTS;
        int tail = SEGMENTS * seg;
        switch (width) {
            case 2 -> {
                for (int j = 0; j < seg; j++) {
                    add2(planes, count, c0, j, dst, off);
                    add2(planes, count, c1, seg + j, dst, off);
                    add2(planes, count, c2, 2 * seg + j, dst, off);
                    add2(planes, count, c3, 3 * seg + j, dst, off);
                }
                for (int i = tail; i < count; i++) {
                    add2(planes, count, c3, i, dst, off);
                }
            }
            case 4 -> {
                for (int j = 0; j < seg; j++) {
                    add4(planes, count, c0, j, dst, off);
                    add4(planes, count, c1, seg + j, dst, off);
                    add4(planes, count, c2, 2 * seg + j, dst, off);
                    add4(planes, count, c3, 3 * seg + j, dst, off);
                }
                for (int i = tail; i < count; i++) {
                    add4(planes, count, c3, i, dst, off);
                }
            }
            default -> {
                for (int j = 0; j < seg; j++) {
                    add8(planes, count, c0, j, dst, off);
                    add8(planes, count, c1, seg + j, dst, off);
                    add8(planes, count, c2, 2 * seg + j, dst, off);
                    add8(planes, count, c3, 3 * seg + j, dst, off);
                }
                for (int i = tail; i < count; i++) {
                    add8(planes, count, c3, i, dst, off);
                }
            }
        }
    }

    private static void add2(byte[] planes, int count, int[] next, int i, byte[] dst, int off) {
        int p = off + 2 * i;
        int b = (short) SHORTS.get(dst, p);
        int j = next[(b >>> 7) & 0xFF]++;
        int z = (planes[j] & 0xFF) | (planes[count + j] & 0xFF) << 8;
        SHORTS.set(dst, p, (short) (b + ((z >>> 1) ^ -(z & 1))));
    }

    private static void add4(byte[] planes, int count, int[] next, int i, byte[] dst, int off) {
        int p = off + 4 * i;
        int b = (int) INTS.get(dst, p);
        int j = next[(b >>> 23) & 0xFF]++;
        int z = (planes[j] & 0xFF)
                | (planes[count + j] & 0xFF) << 8
                | (planes[2 * count + j] & 0xFF) << 16
                | (planes[3 * count + j] & 0xFF) << 24;
        INTS.set(dst, p, b + ((z >>> 1) ^ -(z & 1)));
    }

    private static void add8(byte[] planes, int count, int[] next, int i, byte[] dst, int off) {
        int p = off + 8 * i;
        long b = (long) LONGS.get(dst, p);
        int j = next[(int) (b >>> 55) & 0xFF]++;
        long z = 0;
        for (int k = 0; k < 8; k++) {
            z |= (planes[k * count + j] & 0xFFL) << (8 * k);
        }
        LONGS.set(dst, p, b + ((z >>> 1) ^ -(z & 1)));
    }

    /**
     * Per segment of the elements (the last one takes the remainder) and per key, where the segment's next value with
     * that key goes: values are ordered by key, and within a key by segment, then by position, which is tensor order.
     * The four histograms also make four independent chains of counter updates.
     */
    private static int[][] cursors(byte[] base, int off, int count, int width) {
        if (!supports(width)) {
            throw new IllegalArgumentException("no arithmetic delta for width " + width);
        }
        int[][] counts = new int[SEGMENTS][256];
        int[] h0 = counts[0];
        int[] h1 = counts[1];
        int[] h2 = counts[2];
        int[] h3 = counts[3];
        int seg = count / SEGMENTS;
        for (int j = 0; j < seg; j++) {
            h0[key(base, off, width, j)]++;
            h1[key(base, off, width, seg + j)]++;
            h2[key(base, off, width, 2 * seg + j)]++;
            h3[key(base, off, width, 3 * seg + j)]++;
        }
        for (int i = SEGMENTS * seg; i < count; i++) {
            h3[key(base, off, width, i)]++;
        }
        int sum = 0;
        for (int k = 0; k < 256; k++) {
            for (int q = 0; q < SEGMENTS; q++) {
                int c = counts[q][k];
                counts[q][k] = sum;
                sum += c;
            }
        }
        return counts;
    }

    /** The 8 bits below the sign bit of element {@code i}. */
    private static int key(byte[] base, int off, int width, int i) {
        return switch (width) {
            case 2 -> ((short) SHORTS.get(base, off + 2 * i) >>> 7) & 0xFF;
            case 4 -> ((int) INTS.get(base, off + 4 * i) >>> 23) & 0xFF;
            default -> (int) ((long) LONGS.get(base, off + 8 * i) >>> 55) & 0xFF;
        };
    }
}
