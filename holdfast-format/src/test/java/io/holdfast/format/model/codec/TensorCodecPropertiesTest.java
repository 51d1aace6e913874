package io.holdfast.format.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.format.Id;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Round trips of random tensors of every element width and many shapes, with and without a base. */
class TensorCodecPropertiesTest {
    private static final CodecOptions SMALL_SAMPLE = new CodecOptions(1, 256);

    /** Kinds of content: random bytes, bf16/fp32-like weights, zeros, mostly repeated values. */
    static byte[] tensor(int kind, int width, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[width * count];
        switch (kind) {
            case 0 -> r.nextBytes(b);
            case 1 -> {
                for (int i = 0; i < count; i++) {
                    float f = (float) (r.nextGaussian() * 0.02);
                    long bits = width == 2 ? Float.floatToRawIntBits(f) >>> 16 : Float.floatToRawIntBits(f);
                    if (width == 8) {
                        bits = Double.doubleToRawLongBits(f);
                    }
                    for (int k = 0; k < width; k++) {
                        b[i * width + k] = (byte) (bits >>> (8 * k));
                    }
                }
            }
            case 2 -> {}
            default -> {
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (r.nextInt(8) == 0 ? r.nextInt() : i % width);
                }
            }
        }
        return b;
    }

    /** {@code a} with a few bytes of some elements changed, as a fine-tune changes low mantissa bits. */
    static byte[] perturb(byte[] a, int width, long seed, int everyNth) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = a.clone();
        for (int i = 0; i < b.length; i += width) {
            if (r.nextInt(everyNth) == 0) {
                b[i] ^= (byte) r.nextInt(1, 4);
            }
        }
        return b;
    }

    @Property(tries = 300)
    void roundTripsWithoutBase(
            @ForAll @IntRange(min = 0, max = 3) int widthLog,
            @ForAll @IntRange(min = 0, max = 5000) int count,
            @ForAll @IntRange(min = 0, max = 3) int kind,
            @ForAll @IntRange(min = 0, max = 7) int lead,
            @ForAll long seed)
            throws Exception {
        int width = 1 << widthLog;
        byte[] t = tensor(kind, width, count, seed);
        byte[] padded = new byte[lead + t.length + 3];
        System.arraycopy(t, 0, padded, lead, t.length);
        try (TensorEncoder enc = new TensorEncoder(SMALL_SAMPLE)) {
            byte[] blob = enc.encode(padded, lead, t.length, width, null);
            EncodedHeader h = EncodedHeader.parse(blob, "blob");
            assertThat(h.delta()).isFalse();
            assertThat(h.plainLength()).isEqualTo(t.length);
            assertThat(h.plainHash()).isEqualTo(Id.hash(t));
            assertThat(TensorDecoder.decode(blob, "blob")).isEqualTo(t);
            assertThat(enc.encode(t, 0, t.length, width, null))
                    .as("deterministic")
                    .isEqualTo(blob);
        }
    }

    /**
     * {@code a} with some elements moved by a small signed amount as integers of {@code width} bytes (wrapping at
     * the type's ends), as a fine-tune moves float weights: the arithmetic delta's case.
     */
    static byte[] move(byte[] a, int width, long seed, int everyNth) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = a.clone();
        for (int i = 0; i + width <= b.length; i += width) {
            if (r.nextInt(everyNth) != 0) {
                continue;
            }
            long v = 0;
            for (int k = 0; k < width; k++) {
                v |= (b[i + k] & 0xFFL) << (8 * k);
            }
            v += r.nextLong(-70_000, 70_000);
            for (int k = 0; k < width; k++) {
                b[i + k] = (byte) (v >>> (8 * k));
            }
        }
        return b;
    }

    @Property(tries = 300)
    void roundTripsWithBase(
            @ForAll @IntRange(min = 0, max = 3) int widthLog,
            @ForAll @IntRange(min = 1, max = 5000) int count,
            @ForAll @IntRange(min = 0, max = 3) int kind,
            @ForAll @IntRange(min = 1, max = 50) int everyNth,
            @ForAll @LongRange(min = 1) long seed,
            @ForAll boolean unrelatedBase,
            @ForAll boolean moved)
            throws Exception {
        int width = 1 << widthLog;
        byte[] base = tensor(kind, width, count, seed);
        byte[] t = unrelatedBase
                ? tensor(0, width, count, seed + 1)
                : moved ? move(base, width, seed, everyNth) : perturb(base, width, seed, everyNth);
        Id baseId = Id.hash(new byte[] {(byte) seed});
        try (TensorEncoder enc = new TensorEncoder(SMALL_SAMPLE)) {
            byte[] blob = enc.encode(t, 0, t.length, width, TensorBase.of(baseId, base));
            EncodedHeader h = EncodedHeader.parse(blob, "blob");
            if (h.delta()) {
                assertThat(h.baseIds()).containsExactly(baseId);
                // the base as it is stored (grouped or not), decoded together with the delta in place
                byte[] baseBlob = enc.encode(base, 0, base.length, width, null);
                assertThat(TensorDecoder.decodeDelta(
                                h, blob, "blob", EncodedHeader.parse(baseBlob, "base"), baseBlob, "base"))
                        .isEqualTo(t);
            }
            assertThat(TensorDecoder.decode(h, blob, "blob", h.delta() ? base : null))
                    .isEqualTo(t);
        }
    }

    @Property(tries = 50)
    void oddLengthsAreEncodedUngrouped(
            @ForAll @IntRange(min = 1, max = 3) int widthLog, @ForAll @IntRange(min = 1, max = 999) int len)
            throws Exception {
        int width = 1 << widthLog;
        byte[] t = tensor(1, 1, len, len);
        try (TensorEncoder enc = new TensorEncoder(SMALL_SAMPLE)) {
            byte[] blob = enc.encode(t, 0, len, width, null);
            EncodedHeader h = EncodedHeader.parse(blob, "blob");
            if (len % width != 0) {
                assertThat(h.grouped()).isFalse();
            }
            assertThat(TensorDecoder.decode(blob, "blob")).isEqualTo(t);
        }
    }
}
