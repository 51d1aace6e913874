package io.holdfast.format.chunker;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Data generators, drivers and slow reference chunkers for the chunker tests. */
final class ChunkerTestSupport {
    static final int KIB = 1024;
    static final int MIB = 1024 * KIB;

    /** restic's test polynomial, irreducible. */
    static final Polynomial RESTIC_TEST_POLYNOMIAL = Polynomial.of(0x3DA3358B4DC173L);

    private static byte[] random64Mib = new byte[0];

    private ChunkerTestSupport() {}

    static byte[] randomBytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** 64 MiB of seeded pseudo-random bytes, shared by tests; do not modify. */
    static synchronized byte[] random64Mib() {
        if (random64Mib.length == 0) {
            random64Mib = randomBytes(64, 64 * MIB);
        }
        return random64Mib;
    }

    /**
     * Data with low-entropy regions: zero runs, a short repeated pattern, bytes from a tiny alphabet, text, and random
     * stretches, each 1/32 to 9/32 of the size. Deterministic in {@code seed}.
     */
    static byte[] lowEntropyBytes(long seed, int size) {
        Random rnd = new Random(seed);
        byte[] out = new byte[size];
        int pos = 0;
        int kind = 0;
        while (pos < size) {
            int len = Math.min(size - pos, Math.max(1, size / 32) + rnd.nextInt(Math.max(1, size / 4)));
            switch (kind++ % 5) {
                case 0 -> {} // zeros
                case 1 -> {
                    byte[] pattern = new byte[1 + rnd.nextInt(5000)];
                    rnd.nextBytes(pattern);
                    for (int i = 0; i < len; i++) {
                        out[pos + i] = pattern[i % pattern.length];
                    }
                }
                case 2 -> {
                    for (int i = 0; i < len; i++) {
                        out[pos + i] = (byte) rnd.nextInt(3);
                    }
                }
                case 3 -> {
                    byte[] text = "All work and no play makes Jack a dull boy.\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    for (int i = 0; i < len; i++) {
                        out[pos + i] = text[i % text.length];
                    }
                }
                default -> {
                    byte[] r = new byte[len];
                    rnd.nextBytes(r);
                    System.arraycopy(r, 0, out, pos, len);
                }
            }
            pos += len;
        }
        return out;
    }

    /** End offsets of all chunks, feeding {@code data} in one call per chunk. */
    static List<Long> oneShot(Chunker c, byte[] data) {
        return split(c, data, new int[] {Integer.MAX_VALUE});
    }

    /** End offsets of all chunks, feeding {@code data} in pieces of the given lengths, cycled. */
    static List<Long> split(Chunker c, byte[] data, int[] pieces) {
        c.reset();
        List<Long> ends = new ArrayList<>();
        int pos = 0;
        int p = 0;
        while (pos < data.length) {
            int len = (int) Math.min(data.length - pos, (long) pieces[p++ % pieces.length]);
            int off = pos;
            int rem = len;
            while (true) {
                int cut = c.findBoundary(data, off, rem);
                if (cut < 0) {
                    break;
                }
                if (cut < 1 || cut > rem) {
                    throw new AssertionError("cut " + cut + " outside 1.." + rem);
                }
                off += cut;
                rem -= cut;
                ends.add((long) off);
            }
            pos += len;
            if (c.currentChunkLength() != pos - (ends.isEmpty() ? 0 : ends.get(ends.size() - 1))) {
                throw new AssertionError("currentChunkLength " + c.currentChunkLength() + " at " + pos);
            }
        }
        if (c.currentChunkLength() > 0) {
            ends.add((long) data.length);
        }
        return ends;
    }

    static List<Integer> sizes(List<Long> ends) {
        List<Integer> sizes = new ArrayList<>(ends.size());
        long prev = 0;
        for (long e : ends) {
            sizes.add((int) (e - prev));
            prev = e;
        }
        return sizes;
    }

    /**
     * restic's Rabin chunker, spelled out slowly: at each hashed byte the fingerprint of the 64-byte window is computed
     * from scratch as a polynomial remainder, without the out/mod tables.
     */
    static List<Long> referenceRabin(ChunkerSpec spec, byte[] data) {
        long pol = spec.polynomial().value();
        long mask = spec.avgSize() - 1L;
        int min = spec.minSize();
        int max = spec.maxSize();
        List<Long> ends = new ArrayList<>();
        int start = 0;
        while (start < data.length) {
            // window oldest-first: after a reset, 63 zeros and a 1
            byte[] win = new byte[64];
            win[63] = 1;
            int count = 0;
            int cutAt = -1;
            for (int i = start; i < data.length; i++) {
                count++;
                if (count <= min - 64) {
                    continue; // skipped without hashing
                }
                System.arraycopy(win, 1, win, 0, 63);
                win[63] = data[i];
                long fp = 0;
                for (byte b : win) {
                    fp = slowMod((fp << 8) | (b & 0xff), pol);
                }
                if (count >= min && ((fp & mask) == 0 || count >= max)) {
                    cutAt = i + 1;
                    break;
                }
            }
            if (cutAt < 0) {
                ends.add((long) data.length);
                break;
            }
            ends.add((long) cutAt);
            start = cutAt;
        }
        return ends;
    }

    private static long slowMod(long x, long p) {
        int dp = 63 - Long.numberOfLeadingZeros(p);
        for (int bit = 63; bit >= dp; bit--) {
            if ((x >>> bit & 1) != 0) {
                x ^= p << (bit - dp);
            }
        }
        return x;
    }

    /** FastCDC as specified, one byte at a time, with the gear table from {@link java.util.SplittableRandom}. */
    static List<Long> referenceFastCdc(ChunkerSpec spec, byte[] data) {
        long[] gear = new long[256];
        java.util.SplittableRandom sr = new java.util.SplittableRandom(spec.seed());
        for (int i = 0; i < 256; i++) {
            gear[i] = sr.nextLong();
        }
        int bits = Integer.numberOfTrailingZeros(spec.avgSize());
        long maskSmall = -1L << (64 - (bits + 2));
        long maskLarge = -1L << (64 - (bits - 2));
        List<Long> ends = new ArrayList<>();
        long h = 0;
        int count = 0;
        for (int i = 0; i < data.length; i++) {
            count++;
            if (count <= spec.minSize() - 64) {
                continue;
            }
            h = (h << 1) + gear[data[i] & 0xff];
            if (count < spec.minSize()) {
                continue;
            }
            long mask = count < spec.avgSize() ? maskSmall : maskLarge;
            if ((h & mask) == 0 || count >= spec.maxSize()) {
                ends.add(i + 1L);
                h = 0;
                count = 0;
            }
        }
        if (count > 0) {
            ends.add((long) data.length);
        }
        return ends;
    }
}
