package io.holdfast.format.model.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Byte-plane kernels for 2-byte elements (bf16, fp16) through {@link Long#compress} and {@link Long#expand}, which C2
 * compiles to single x86 BMI2 instructions (PEXT, PDEP): 8 bytes of each plane per step. Measured on an Intel Xeon
 * (AVX-512) with 4 MiB pieces: split 8.0 GB/s against 3.5 for the shift-and-mask gather, merge 7.5 against 5.5,
 * merge of a delta XORed with its base 7.0 against 3.8. Only used where those instructions are fast ({@link #fast()}):
 * AMD processors before Zen 3 run them in microcode, hundreds of cycles each, and without BMI2 the JDK's fallback is a
 * loop per bit. The format layer does no file I/O, so the repository layer reads the processor's description and
 * passes it to {@link #configure}; until then (and on other systems) the portable kernels run.
 */
public final class BitPermute {
    private static final @Nullable String FORCED = System.getProperty("holdfast.codec.pext");

    private static volatile boolean fast = FORCED != null && Boolean.parseBoolean(FORCED);

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EVEN = 0x00FF_00FF_00FF_00FFL;
    private static final long ODD = EVEN << 8;

    private BitPermute() {}

    /**
     * Planes of {@code count} 2-byte elements at {@code src[off]} (XORed with {@code base[baseOff]} first, if given)
     * into {@code dst[0, count)} (low bytes) and {@code dst[count, 2 count)} (high bytes).
     */
    static void split2(byte[] src, int off, byte @Nullable [] base, int baseOff, int count, byte[] dst) {
        int i = 0;
        for (; i + 8 <= count; i += 8) {
            long x = (long) LONGS.get(src, off + 2 * i);
            long y = (long) LONGS.get(src, off + 2 * i + 8);
            if (base != null) {
                x ^= (long) LONGS.get(base, baseOff + 2 * i);
                y ^= (long) LONGS.get(base, baseOff + 2 * i + 8);
            }
            LONGS.set(dst, i, Long.compress(x, EVEN) | (Long.compress(y, EVEN) << 32));
            LONGS.set(dst, count + i, Long.compress(x, ODD) | (Long.compress(y, ODD) << 32));
        }
        for (; i < count; i++) {
            byte lo = src[off + 2 * i];
            byte hi = src[off + 2 * i + 1];
            if (base != null) {
                lo ^= base[baseOff + 2 * i];
                hi ^= base[baseOff + 2 * i + 1];
            }
            dst[i] = lo;
            dst[count + i] = hi;
        }
    }

    /**
     * Inverse of {@link #split2}: elements from planes {@code a[0, 2 count)} (XORed with the planes {@code b}, if
     * given) into {@code dst[off, off + 2 count)}.
     */
    static void merge2(byte[] a, byte @Nullable [] b, int count, byte[] dst, int off) {
        int i = 0;
        for (; i + 8 <= count; i += 8) {
            long lo = (long) LONGS.get(a, i);
            long hi = (long) LONGS.get(a, count + i);
            if (b != null) {
                lo ^= (long) LONGS.get(b, i);
                hi ^= (long) LONGS.get(b, count + i);
            }
            LONGS.set(dst, off + 2 * i, Long.expand(lo, EVEN) | Long.expand(hi, ODD));
            LONGS.set(dst, off + 2 * i + 8, Long.expand(lo >>> 32, EVEN) | Long.expand(hi >>> 32, ODD));
        }
        for (; i < count; i++) {
            dst[off + 2 * i] = (byte) (a[i] ^ (b == null ? 0 : b[i]));
            dst[off + 2 * i + 1] = (byte) (a[count + i] ^ (b == null ? 0 : b[count + i]));
        }
    }

    /**
     * Chooses the kernels for this machine from Linux's {@code /proc/cpuinfo} text (null where there is none), unless
     * {@code -Dholdfast.codec.pext=true|false} forces the choice.
     */
    public static void configure(@Nullable String cpuinfo) {
        if (FORCED == null) {
            String arch = System.getProperty("os.arch", "");
            fast = cpuinfo != null && (arch.equals("amd64") || arch.equals("x86_64")) && fastOn(cpuinfo);
        }
    }

    /** Whether the PEXT/PDEP kernels are in use. */
    public static boolean fast() {
        return fast;
    }

    /** Whether the first processor described by {@code cpuinfo} (Linux's format) has fast PEXT/PDEP. */
    static boolean fastOn(String cpuinfo) {
        String vendor = field(cpuinfo, "vendor_id");
        String flags = field(cpuinfo, "flags");
        String family = field(cpuinfo, "cpu family");
        if (vendor == null || flags == null || family == null || !(" " + flags + " ").contains(" bmi2 ")) {
            return false;
        }
        if (vendor.equals("AuthenticAMD") || vendor.equals("HygonGenuine")) {
            try {
                return Integer.parseInt(family) >= 0x19; // Zen 3 and later
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return vendor.equals("GenuineIntel");
    }

    private static @Nullable String field(String cpuinfo, String name) {
        for (String line : cpuinfo.split("\n", 200)) {
            int colon = line.indexOf(':');
            if (colon > 0
                    && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
