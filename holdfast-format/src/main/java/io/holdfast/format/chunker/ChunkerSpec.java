package io.holdfast.format.chunker;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which content-defined chunker to use and with which parameters. Immutable; {@link #newStreamChunker()} makes a
 * fresh, single-threaded {@link Chunker}. Two equal specs always cut the same data at the same offsets.
 *
 * <ul>
 *   <li>{@link Kind#RABIN}: restic's Rabin fingerprint chunker over a 64-byte window. With the repository's
 *       polynomial and the default sizes ({@link #rabin(Polynomial)}) it cuts exactly where restic does. A chunk ends
 *       when the low {@code log2(avg)} bits of the fingerprint are zero, once the chunk has at least {@code min}
 *       bytes, or when it reaches {@code max} bytes. The mean chunk size on random data is about {@code min + avg}
 *       (1.5 MiB for the defaults).
 *   <li>{@link Kind#FASTCDC}: a gear-hash chunker with FastCDC's normalized chunking (level 2) and cut-point
 *       skipping. Several times faster than Rabin; boundaries are unrelated to restic's, so data chunked this way does
 *       not deduplicate against restic-written data. The gear table is derived from {@link #seed()} (see {@link
 *       #DEFAULT_FASTCDC_SEED}). The mean chunk size on random data is about 1.19 MiB for the defaults.
 * </ul>
 */
public final class ChunkerSpec {
    /** The chunking algorithm. */
    public enum Kind {
        /** restic's Rabin fingerprint chunker. */
        RABIN,
        /** Gear-hash FastCDC chunker with normalized chunking. */
        FASTCDC
    }

    /** restic's minimum chunk size: 512 KiB. */
    public static final int DEFAULT_MIN_SIZE = 512 * 1024;
    /** restic's average-size parameter: 1 MiB (a 20-bit split mask). */
    public static final int DEFAULT_AVG_SIZE = 1024 * 1024;
    /** restic's maximum chunk size: 8 MiB. */
    public static final int DEFAULT_MAX_SIZE = 8 * 1024 * 1024;

    /**
     * The seed of the default FastCDC gear table: the ASCII bytes of {@code "Holdfast"} read big-endian. Fixed forever;
     * changing it would change every FastCDC boundary and defeat deduplication against existing repositories.
     *
     * <p>The gear table is derived from a seed with SplitMix64: a 64-bit state starts at the seed and, for each entry
     * {@code i = 0..255} in order, is advanced by {@code 0x9e3779b97f4a7c15}; the entry is the state mixed by {@code z
     * = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9; z = (z ^ (z >>> 27)) * 0x94d049bb133111eb; z ^ (z >>> 31)}, with
     * wrapping 64-bit arithmetic.
     */
    public static final long DEFAULT_FASTCDC_SEED = 0x486f6c6466617374L;

    /** Bytes in the rolling hash windows of both chunkers; the minimum size may not be smaller. */
    public static final int WINDOW_SIZE = 64;

    private final Kind kind;
    private final @Nullable Polynomial polynomial;
    private final long seed;
    private final int minSize;
    private final int avgSize;
    private final int maxSize;

    private ChunkerSpec(Kind kind, @Nullable Polynomial polynomial, long seed, int minSize, int avgSize, int maxSize) {
        if (minSize < WINDOW_SIZE) {
            throw new IllegalArgumentException("minimum chunk size " + minSize + " is below " + WINDOW_SIZE);
        }
        if (Integer.bitCount(avgSize) != 1) {
            throw new IllegalArgumentException("average chunk size " + avgSize + " is not a power of two");
        }
        if (avgSize < minSize || maxSize < avgSize) {
            throw new IllegalArgumentException(
                    "chunk sizes must satisfy min <= avg <= max: " + minSize + ", " + avgSize + ", " + maxSize);
        }
        this.kind = kind;
        this.polynomial = polynomial;
        this.seed = seed;
        this.minSize = minSize;
        this.avgSize = avgSize;
        this.maxSize = maxSize;
    }

    /** restic's chunker with restic's sizes (min 512 KiB, avg 1 MiB, max 8 MiB) and the repository's polynomial. */
    public static ChunkerSpec rabin(Polynomial polynomial) {
        return rabin(polynomial, DEFAULT_MIN_SIZE, DEFAULT_AVG_SIZE, DEFAULT_MAX_SIZE);
    }

    /**
     * restic's chunker with other sizes, as restic's chunker library allows (restic itself always uses the defaults).
     *
     * @param polynomial of degree 16 to 53 (restic's are 53); restic requires it to be irreducible, which this does not
     *     check
     * @param avgSize a power of two; chunks end when the low {@code log2(avgSize)} fingerprint bits are zero
     */
    public static ChunkerSpec rabin(Polynomial polynomial, int minSize, int avgSize, int maxSize) {
        int deg = polynomial.degree();
        if (deg < 16 || deg > 53) {
            throw new IllegalArgumentException(
                    "Rabin polynomial " + polynomial + " has degree " + deg + ", not 16..53");
        }
        return new ChunkerSpec(Kind.RABIN, polynomial, 0, minSize, avgSize, maxSize);
    }

    /** FastCDC with the default seed and sizes (min 512 KiB, avg 1 MiB, max 8 MiB). */
    public static ChunkerSpec fastCdc() {
        return fastCdc(DEFAULT_FASTCDC_SEED);
    }

    /** FastCDC with the gear table of {@code seed} and the default sizes. */
    public static ChunkerSpec fastCdc(long seed) {
        return fastCdc(seed, DEFAULT_MIN_SIZE, DEFAULT_AVG_SIZE, DEFAULT_MAX_SIZE);
    }

    /**
     * FastCDC with other sizes.
     *
     * @param avgSize a power of two; the normal size where normalized chunking switches masks
     */
    public static ChunkerSpec fastCdc(long seed, int minSize, int avgSize, int maxSize) {
        return new ChunkerSpec(Kind.FASTCDC, null, seed, minSize, avgSize, maxSize);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The Rabin polynomial.
     *
     * @throws IllegalStateException if this is not a {@link Kind#RABIN} spec
     */
    public Polynomial polynomial() {
        Polynomial p = polynomial;
        if (p == null) {
            throw new IllegalStateException(kind + " chunker has no polynomial");
        }
        return p;
    }

    /** The gear table seed of a {@link Kind#FASTCDC} spec; 0 for Rabin. */
    public long seed() {
        return seed;
    }

    /** No chunk but the last of a stream is shorter. */
    public int minSize() {
        return minSize;
    }

    /** The average-size parameter, a power of two (see the class comment for the resulting mean). */
    public int avgSize() {
        return avgSize;
    }

    /** No chunk is longer. */
    public int maxSize() {
        return maxSize;
    }

    /** A new chunker positioned at the start of a stream. Chunkers are cheap; tables are shared and cached. */
    public Chunker newStreamChunker() {
        return switch (kind) {
            case RABIN -> new RabinChunker(this);
            case FASTCDC -> new FastCdcChunker(this);
        };
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ChunkerSpec other
                && kind == other.kind
                && Objects.equals(polynomial, other.polynomial)
                && seed == other.seed
                && minSize == other.minSize
                && avgSize == other.avgSize
                && maxSize == other.maxSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, polynomial, seed, minSize, avgSize, maxSize);
    }

    @Override
    public String toString() {
        String algo =
                kind == Kind.RABIN ? "rabin(polynomial=" + polynomial : "fastcdc(seed=0x" + Long.toHexString(seed);
        return algo + ", min=" + minSize + ", avg=" + avgSize + ", max=" + maxSize + ")";
    }
}
