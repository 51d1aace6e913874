package io.holdfast.format.chunker;

import static io.holdfast.format.chunker.ChunkerTestSupport.KIB;
import static io.holdfast.format.chunker.ChunkerTestSupport.MIB;
import static io.holdfast.format.chunker.ChunkerTestSupport.RESTIC_TEST_POLYNOMIAL;
import static io.holdfast.format.chunker.ChunkerTestSupport.lowEntropyBytes;
import static io.holdfast.format.chunker.ChunkerTestSupport.oneShot;
import static io.holdfast.format.chunker.ChunkerTestSupport.randomBytes;
import static io.holdfast.format.chunker.ChunkerTestSupport.split;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Boundaries must not depend on how the stream is cut into read buffers. */
class BufferSplitTest {

    @Provide
    Arbitrary<ChunkerSpec> smallSpecs() {
        return Arbitraries.of(
                ChunkerSpec.rabin(RESTIC_TEST_POLYNOMIAL, 256, 1024, 8192),
                ChunkerSpec.rabin(RESTIC_TEST_POLYNOMIAL, 64, 64, 64),
                ChunkerSpec.rabin(RESTIC_TEST_POLYNOMIAL, 100, 128, 300),
                ChunkerSpec.fastCdc(ChunkerSpec.DEFAULT_FASTCDC_SEED, 256, 1024, 8192),
                ChunkerSpec.fastCdc(5, 64, 64, 64),
                ChunkerSpec.fastCdc(6, 100, 128, 300));
    }

    @Provide
    Arbitrary<ChunkerSpec> defaultSpecs() {
        return Arbitraries.of(ChunkerSpec.rabin(RESTIC_TEST_POLYNOMIAL), ChunkerSpec.fastCdc());
    }

    @Property(tries = 300)
    void smallChunksIndependentOfBufferSplits(
            @ForAll("smallSpecs") ChunkerSpec spec,
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 200_000) int size,
            @ForAll boolean lowEntropy,
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 20_000) Integer> pieces) {
        byte[] data = lowEntropy ? lowEntropyBytes(seed, size) : randomBytes(seed, size);
        assertSameBoundaries(spec, data, pieces);
    }

    @Property(tries = 12)
    void defaultChunksIndependentOfBufferSplits(
            @ForAll("defaultSpecs") ChunkerSpec spec,
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 12 * MIB) int size,
            @ForAll boolean lowEntropy,
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 3 * MIB) Integer> pieces) {
        byte[] data = lowEntropy ? lowEntropyBytes(seed, size) : randomBytes(seed, size);
        assertSameBoundaries(spec, data, pieces);
    }

    @Property(tries = 50)
    void tinyBuffersAroundTheCuts(
            @ForAll("smallSpecs") ChunkerSpec spec,
            @ForAll long seed,
            @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 70) Integer> pieces) {
        byte[] data = randomBytes(seed, 32 * KIB);
        assertSameBoundaries(spec, data, pieces);
    }

    private static void assertSameBoundaries(ChunkerSpec spec, byte[] data, List<Integer> pieces) {
        if (pieces.stream().allMatch(p -> p == 0)) {
            pieces = List.of(1);
        }
        int[] p = pieces.stream().mapToInt(Integer::intValue).toArray();
        List<Long> expected = oneShot(spec.newStreamChunker(), data);
        assertThat(split(spec.newStreamChunker(), data, p)).isEqualTo(expected);
    }
}
