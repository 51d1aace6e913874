package io.holdfast.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Deterministic benchmark buffers of realistic content. */
public final class BenchData {
    /** Kinds of content, as named in the {@code data} parameter of the benchmarks. */
    public enum Kind {
        /** Uniformly random bytes: already compressed or encrypted data (images, archives); zstd cannot shrink them. */
        RANDOM,
        /** English-like prose with a Zipf-like word distribution, like prompt logs and source code; compresses ~3x. */
        TEXT,
        /** bfloat16 weights drawn from N(0, 0.02), like a model checkpoint; compresses a little (the exponents). */
        BF16
    }

    private static final String[] WORDS =
            ("the of and to a in is that for it as with was on be by this are or from at an which have not "
                            + "model data training loss batch layer weight gradient token prompt response user system "
                            + "backup restore snapshot repository chunk index pack file directory kernel memory "
                            + "function return value error time between through during before after without under "
                            + "should would could because however therefore example result output input sequence "
                            + "attention embedding learning rate epoch checkpoint evaluation accuracy dataset label")
                    .split(" ");

    private BenchData() {}

    /** Parses a kind name, case-insensitively. */
    public static Kind kind(String name) {
        return Kind.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** A buffer of {@code size} bytes of the given kind, the same for the same arguments. */
    public static byte[] make(Kind kind, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[size];
        switch (kind) {
            case RANDOM -> r.nextBytes(b);
            case TEXT -> fillText(b, r);
            case BF16 -> fillBf16(b, r);
        }
        return b;
    }

    private static void fillText(byte[] b, SplittableRandom r) {
        StringBuilder sb = new StringBuilder(b.length + 64);
        int sentence = 0;
        while (sb.length() < b.length) {
            // Zipf-like: small indices are much more frequent
            double u = r.nextDouble();
            int i = (int) Math.min(WORDS.length - 1, Math.floor(Math.pow(WORDS.length, u * u)) - 1);
            String w = WORDS[Math.max(0, i)];
            if (sentence == 0) {
                sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
            } else {
                sb.append(w);
            }
            sentence++;
            if (sentence > 6 && r.nextInt(8) == 0) {
                sb.append(r.nextInt(5) == 0 ? ".\n" : ". ");
                sentence = 0;
            } else if (r.nextInt(12) == 0) {
                sb.append(", ");
            } else if (r.nextInt(40) == 0) {
                sb.append(' ').append(r.nextInt(100_000)).append(' ');
            } else {
                sb.append(' ');
            }
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, b, 0, b.length);
    }

    private static void fillBf16(byte[] b, SplittableRandom r) {
        for (int i = 0; i + 1 < b.length; i += 2) {
            int bits = Float.floatToRawIntBits((float) (r.nextGaussian() * 0.02));
            int bf16 = (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16; // round to nearest even
            b[i] = (byte) bf16;
            b[i + 1] = (byte) (bf16 >>> 8);
        }
    }
}
