package io.holdfast.format.model.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * Byte-plane transforms without per-byte branches: {@link #split} writes byte {@code k} of every element to plane
 * {@code k} (planes laid out one after another in {@code dst}), {@link #merge} is its inverse, {@link #mergeOfXor}
 * its inverse on two XORed plane sets, {@link #xor} combines two ranges a long at a time. 2-byte elements go through
 * {@link BitPermute} where the processor has fast bit permutes.
 */
final class ByteGrouping {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteGrouping() {}

    /** Splits {@code len} bytes (a multiple of width) at {@code src[off]} into planes at {@code dst[0..len)}. */
    static void split(byte[] src, int off, int len, int width, byte[] dst) {
        splitOfXor(src, off, null, 0, len, width, dst);
    }

    /**
     * {@link #split} of {@code src ^ base} (a tensor XORed with its base, as a delta is encoded), or of {@code src}
     * alone when {@code base} is null: one pass over memory instead of an XOR pass and a split pass.
     */
    static void splitOfXor(byte[] src, int off, byte @Nullable [] base, int baseOff, int len, int width, byte[] dst) {
        int count = len / width;
        if (width == 2) {
            if (BitPermute.fast()) {
                BitPermute.split2(src, off, base, baseOff, count, dst);
            } else {
                split2(src, off, base, baseOff, count, dst);
            }
            return;
        }
        for (int k = 0; k < width; k++) {
            int plane = k * count;
            int s = off + k;
            if (base == null) {
                for (int i = 0; i < count; i++, s += width) {
                    dst[plane + i] = src[s];
                }
            } else {
                int b = baseOff + k;
                for (int i = 0; i < count; i++, s += width, b += width) {
                    dst[plane + i] = (byte) (src[s] ^ base[b]);
                }
            }
        }
    }

    /** The portable twin of {@link BitPermute#split2}: 4 elements per step through shifts and masks. */
    static void split2(byte[] src, int off, byte @Nullable [] base, int baseOff, int count, byte[] dst) {
        int i = 0;
        if (base == null) {
            for (; i + 4 <= count; i += 4) {
                long x = (long) LONGS.get(src, off + 2 * i);
                INTS.set(dst, i, (int) gatherEven(x));
                INTS.set(dst, count + i, (int) gatherEven(x >>> 8));
            }
        } else {
            for (; i + 4 <= count; i += 4) {
                long x = (long) LONGS.get(src, off + 2 * i) ^ (long) LONGS.get(base, baseOff + 2 * i);
                INTS.set(dst, i, (int) gatherEven(x));
                INTS.set(dst, count + i, (int) gatherEven(x >>> 8));
            }
        }
        for (; i < count; i++) {
            dst[i] = at(src, off + 2 * i, base, baseOff + 2 * i);
            dst[count + i] = at(src, off + 2 * i + 1, base, baseOff + 2 * i + 1);
        }
    }

    /** The portable twin of {@link BitPermute#merge2}: element by element, which C2 compiles well. */
    static void merge2(byte[] a, byte @Nullable [] b, int count, byte[] dst, int off) {
        if (b == null) {
            for (int i = 0, d = off; i < count; i++, d += 2) {
                dst[d] = a[i];
                dst[d + 1] = a[count + i];
            }
        } else {
            for (int i = 0, d = off; i < count; i++, d += 2) {
                dst[d] = (byte) (a[i] ^ b[i]);
                dst[d + 1] = (byte) (a[count + i] ^ b[count + i]);
            }
        }
    }

    private static byte at(byte[] src, int i, byte @Nullable [] base, int b) {
        return base == null ? src[i] : (byte) (src[i] ^ base[b]);
    }

    /**
     * Inverse of {@link #split}: planes at {@code src[0..len)} into elements at {@code dst[off..)}. Element by element
     * with all planes read in one pass: for width 2 this plain loop ran 3 times as fast as gathering through 64-bit
     * words (3 against 1 GB/s per core on 8 MiB), which C2 compiles less well.
     */
    static void merge(byte[] src, int len, int width, byte[] dst, int off) {
        int count = len / width;
        if (width == 2) {
            if (BitPermute.fast()) {
                BitPermute.merge2(src, null, count, dst, off);
            } else {
                merge2(src, null, count, dst, off);
            }
            return;
        }
        if (width == 4) {
            for (int i = 0, d = off; i < count; i++, d += 4) {
                dst[d] = src[i];
                dst[d + 1] = src[count + i];
                dst[d + 2] = src[2 * count + i];
                dst[d + 3] = src[3 * count + i];
            }
            return;
        }
        for (int k = 0; k < width; k++) {
            int base = k * count;
            int d = off + k;
            for (int i = 0; i < count; i++, d += width) {
                dst[d] = src[base + i];
            }
        }
    }

    /**
     * {@link #merge} of {@code a ^ b}: planes XORed byte by byte (a delta's with its base's) and interleaved in the
     * same pass. One pass instead of an XOR pass and a merge pass: each moves several MiB through main memory, and
     * fused it ran at 3.8 against 2.4 GB/s per core for 4 MiB of bf16 (262 calls in a fresh JVM, as on a restore).
     */
    static void mergeOfXor(byte[] a, byte[] b, int len, int width, byte[] dst, int off) {
        int count = len / width;
        if (width == 2) {
            if (BitPermute.fast()) {
                BitPermute.merge2(a, b, count, dst, off);
            } else {
                merge2(a, b, count, dst, off);
            }
            return;
        }
        if (width == 4) {
            for (int i = 0, d = off; i < count; i++, d += 4) {
                dst[d] = (byte) (a[i] ^ b[i]);
                dst[d + 1] = (byte) (a[count + i] ^ b[count + i]);
                dst[d + 2] = (byte) (a[2 * count + i] ^ b[2 * count + i]);
                dst[d + 3] = (byte) (a[3 * count + i] ^ b[3 * count + i]);
            }
            return;
        }
        for (int k = 0; k < width; k++) {
            int base = k * count;
            int d = off + k;
            for (int i = 0; i < count; i++, d += width) {
                dst[d] = (byte) (a[base + i] ^ b[base + i]);
            }
        }
    }

    /** As {@link #merge}, but XORs each element into {@code dst} instead of storing it. */
    static void mergeXor(byte[] src, int len, int width, byte[] dst, int off) {
        int count = len / width;
        if (width == 2) {
            for (int i = 0, d = off; i < count; i++, d += 2) {
                dst[d] ^= src[i];
                dst[d + 1] ^= src[count + i];
            }
            return;
        }
        for (int k = 0; k < width; k++) {
            int base = k * count;
            int d = off + k;
            for (int i = 0; i < count; i++, d += width) {
                dst[d] ^= src[base + i];
            }
        }
    }

    /** {@code dst[i] = a[aOff + i] ^ b[bOff + i]} for {@code len} bytes. */
    static void xor(byte[] a, int aOff, byte[] b, int bOff, byte[] dst, int dstOff, int len) {
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            long x = (long) LONGS.get(a, aOff + i) ^ (long) LONGS.get(b, bOff + i);
            LONGS.set(dst, dstOff + i, x);
        }
        for (; i < len; i++) {
            dst[dstOff + i] = (byte) (a[aOff + i] ^ b[bOff + i]);
        }
    }

    /** Bytes 0, 2, 4, 6 of {@code x} packed into the low 32 bits. */
    private static long gatherEven(long x) {
        long t = x & 0x00FF_00FF_00FF_00FFL;
        t = (t | (t >>> 8)) & 0x0000_FFFF_0000_FFFFL;
        return (t | (t >>> 16)) & 0xFFFF_FFFFL;
    }
}
