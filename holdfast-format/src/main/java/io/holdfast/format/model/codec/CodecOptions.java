package io.holdfast.format.model.codec;

/**
 * How {@link TensorEncoder} encodes. Defaults in {@link #DEFAULTS}.
 *
 * @param zstdLevel the zstd level of every plane (1 is the fastest; 3 is restic's {@code auto})
 * @param sampleBytes bytes of each of the three windows (start, middle, end) that decide which transforms to use; a
 *     tensor of at most three windows is tried whole
 */
public record CodecOptions(int zstdLevel, int sampleBytes) {
    /** zstd level 1, 16 KiB sample windows. */
    public static final CodecOptions DEFAULTS = new CodecOptions(1, 16 * 1024);

    public CodecOptions {
        if (zstdLevel < 1 || zstdLevel > 19) {
            throw new IllegalArgumentException("zstd level must be 1..19, not " + zstdLevel);
        }
        if (sampleBytes < 64) {
            throw new IllegalArgumentException("sample windows must be at least 64 bytes");
        }
    }
}
