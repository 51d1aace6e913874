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
 * goes to position {@code start[key] + (earlier elements with the same key)}, a counter per key. (Four interleaved
 * runs with counters of their own, to break the chain of counter updates, measured no faster.)
 */
final class ArithmeticDelta {
    private static final VarHandle SHORTS =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
        int[] next = starts(base, baseOff, count, width);
        switch (width) {
            case 2 -> {
                for (int i = 0; i < count; i++) {
                    int b = (short) SHORTS.get(base, baseOff + 2 * i);
                    int s = (short) ((short) SHORTS.get(src, off + 2 * i) - b);
                    SHORTS.set(tmp, 2 * next[(b >>> 7) & 0xFF]++, (short) ((s << 1) ^ (s >> 31)));
                }
            }
            case 4 -> {
                for (int i = 0; i < count; i++) {
                    int b = (int) INTS.get(base, baseOff + 4 * i);
                    int s = (int) INTS.get(src, off + 4 * i) - b;
                    INTS.set(tmp, 4 * next[(b >>> 23) & 0xFF]++, (s << 1) ^ (s >> 31));
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    long b = (long) LONGS.get(base, baseOff + 8 * i);
                    long s = (long) LONGS.get(src, off + 8 * i) - b;
                    LONGS.set(tmp, 8 * next[(int) (b >>> 55) & 0xFF]++, (s << 1) ^ (s >> 63));
                }
            }
        }
        ByteGrouping.split(tmp, 0, len, width, dst);
    }

    /**
     * Inverse of {@link #split}: {@code dst[off..off+len)} holds the base and becomes the tensor, the differences
     * taken from the planes at {@code planes[0..len)}.
     */
    static void add(byte[] planes, int len, int width, byte[] dst, int off) {
        int count = len / width;
        int[] next = starts(dst, off, count, width);
        switch (width) {
            case 2 -> {
                for (int i = 0; i < count; i++) {
                    int p = off + 2 * i;
                    int b = (short) SHORTS.get(dst, p);
                    int j = next[(b >>> 7) & 0xFF]++;
                    int z = (planes[j] & 0xFF) | (planes[count + j] & 0xFF) << 8;
                    SHORTS.set(dst, p, (short) (b + ((z >>> 1) ^ -(z & 1))));
                }
            }
            case 4 -> {
                for (int i = 0; i < count; i++) {
                    int p = off + 4 * i;
                    int b = (int) INTS.get(dst, p);
                    int j = next[(b >>> 23) & 0xFF]++;
                    int z = (planes[j] & 0xFF)
                            | (planes[count + j] & 0xFF) << 8
                            | (planes[2 * count + j] & 0xFF) << 16
                            | (planes[3 * count + j] & 0xFF) << 24;
                    INTS.set(dst, p, b + ((z >>> 1) ^ -(z & 1)));
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    int p = off + 8 * i;
                    long b = (long) LONGS.get(dst, p);
                    int j = next[(int) (b >>> 55) & 0xFF]++;
                    long z = 0;
                    for (int k = 0; k < 8; k++) {
                        z |= (planes[k * count + j] & 0xFFL) << (8 * k);
                    }
                    LONGS.set(dst, p, b + ((z >>> 1) ^ -(z & 1)));
                }
            }
        }
    }

    /** Per key, the position of the first value with that key: a histogram of the base's keys, summed. */
    private static int[] starts(byte[] base, int off, int count, int width) {
        if (!supports(width)) {
            throw new IllegalArgumentException("no arithmetic delta for width " + width);
        }
        int[] counts = new int[256];
        for (int i = 0; i < count; i++) {
            counts[key(base, off, width, i)]++;
        }
        int sum = 0;
        for (int k = 0; k < 256; k++) {
            int c = counts[k];
            counts[k] = sum;
            sum += c;
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
