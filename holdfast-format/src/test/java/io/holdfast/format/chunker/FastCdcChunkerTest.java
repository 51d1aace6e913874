package io.holdfast.format.chunker;

import static io.holdfast.format.chunker.ChunkerTestSupport.KIB;
import static io.holdfast.format.chunker.ChunkerTestSupport.MIB;
import static io.holdfast.format.chunker.ChunkerTestSupport.lowEntropyBytes;
import static io.holdfast.format.chunker.ChunkerTestSupport.oneShot;
import static io.holdfast.format.chunker.ChunkerTestSupport.randomBytes;
import static io.holdfast.format.chunker.ChunkerTestSupport.referenceFastCdc;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FastCdcChunkerTest {

    @Test
    void gearTableIsSplitMix64OfTheSeed() {
        for (long seed : new long[] {ChunkerSpec.DEFAULT_FASTCDC_SEED, 0, -1, 42}) {
            long[] gear = GearTable.of(seed);
            SplittableRandom sr = new SplittableRandom(seed);
            for (int i = 0; i < 256; i++) {
                assertThat(gear[i]).isEqualTo(sr.nextLong());
            }
        }
        assertThat(GearTable.of(7)).isSameAs(GearTable.of(7));
    }

    @Test
    void defaultGearTableIsPinned() {
        // the derivation must never change; these are its first and last entries for the default seed
        long[] gear = GearTable.of(ChunkerSpec.DEFAULT_FASTCDC_SEED);
        assertThat(gear[0]).isEqualTo(GEAR_0);
        assertThat(gear[255]).isEqualTo(GEAR_255);
    }

    @Test
    void defaultBoundariesArePinned() {
        // boundaries of the default FastCDC on java.util.Random(42) data; must never change
        List<Long> ends = oneShot(ChunkerSpec.fastCdc().newStreamChunker(), randomBytes(42, 16 * MIB));
        assertThat(ends).containsExactly(PINNED_ENDS);
    }

    @Test
    void matchesSlowReferenceOnSmallChunks() {
        ChunkerSpec[] specs = {
            ChunkerSpec.fastCdc(1, 256, 1024, 8192),
            ChunkerSpec.fastCdc(ChunkerSpec.DEFAULT_FASTCDC_SEED, 64, 64, 64),
            ChunkerSpec.fastCdc(2, 1024, 1024, 1500),
            ChunkerSpec.fastCdc(3, 100, 4096, 4096),
        };
        for (ChunkerSpec spec : specs) {
            for (byte[] data : new byte[][] {randomBytes(1, 300 * KIB), lowEntropyBytes(2, 300 * KIB)}) {
                assertThat(oneShot(spec.newStreamChunker(), data))
                        .as(spec.toString())
                        .isEqualTo(referenceFastCdc(spec, data));
            }
        }
    }

    @Test
    void matchesSlowReferenceWithDefaults() {
        ChunkerSpec spec = ChunkerSpec.fastCdc();
        byte[] data = lowEntropyBytes(9, 48 * MIB);
        assertThat(oneShot(spec.newStreamChunker(), data)).isEqualTo(referenceFastCdc(spec, data));
    }

    @Property(tries = 100)
    void matchesSlowReferenceForRandomParameters(
            @ForAll @IntRange(min = 64, max = 5000) int min,
            @ForAll @IntRange(min = 0, max = 4) int avgShift,
            @ForAll @IntRange(min = 0, max = 20000) int extraMax,
            @ForAll long seed,
            @ForAll boolean lowEntropy) {
        int avg = Integer.highestOneBit(min) << avgShift;
        if (avg < min) {
            avg <<= 1;
        }
        ChunkerSpec spec = ChunkerSpec.fastCdc(seed, min, avg, avg + extraMax);
        byte[] data = lowEntropy ? lowEntropyBytes(seed, 200 * KIB) : randomBytes(seed, 200 * KIB);
        assertThat(oneShot(spec.newStreamChunker(), data)).isEqualTo(referenceFastCdc(spec, data));
    }

    private static final long GEAR_0 = 5507145114748824427L;
    private static final long GEAR_255 = -6998699881081540286L;
    private static final Long[] PINNED_ENDS = {
        527321L, 1902508L, 3469868L, 4749842L, 5325092L, 6848915L, 7990311L, 9071760L, 9864143L, 11259793L, 12625550L,
        14202359L, 15555936L, 16777216L
    };
}
