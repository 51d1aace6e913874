package io.holdfast.format.model.codec;

/**
 * How {@link TensorEncoder} encodes. Defaults in {@link #DEFAULTS}.
 *
 * @param zstdLevel the zstd level of every plane (1 is the fastest; 3 is restic's {@code auto})
 * @param sampleBytes bytes of each of the three windows (start, middle, end) that decide which transforms to use; a
 *     tensor of at most three windows is tried whole
 * @param planeHashLog zstd's hash log for byte-grouped planes, 6 to 30, or 0 for the level's default. The planes of
 *     float weights are close to independent draws from a skewed byte distribution: zstd's entropy coding is what
 *     shrinks them and its match finder mostly wastes time on 3-byte coincidences. The smallest table (6) finds
 *     fewer of them, which on bf16 planes is 2.8 times as fast and 8% smaller than the default of level 1
 */
public record CodecOptions(int zstdLevel, int sampleBytes, int planeHashLog) {
    /** zstd level 1, 16 KiB sample windows, hash log 6 for grouped planes. */
    public static final CodecOptions DEFAULTS = new CodecOptions(1, 16 * 1024, 6);

    /** With the default hash log for grouped planes. */
    public CodecOptions(int zstdLevel, int sampleBytes) {
        this(zstdLevel, sampleBytes, 6);
    }

    public CodecOptions {
        if (zstdLevel < 1 || zstdLevel > 19) {
            throw new IllegalArgumentException("zstd level must be 1..19, not " + zstdLevel);
        }
        if (planeHashLog != 0 && (planeHashLog < 6 || planeHashLog > 30)) {
            throw new IllegalArgumentException("plane hash log must be 0 or 6..30, not " + planeHashLog);
        }
        if (sampleBytes < 64) {
            throw new IllegalArgumentException("sample windows must be at least 64 bytes");
        }
    }
}
