package io.holdfast.format.chunker;

import static io.holdfast.format.chunker.ChunkerTestSupport.KIB;
import static io.holdfast.format.chunker.ChunkerTestSupport.MIB;
import static io.holdfast.format.chunker.ChunkerTestSupport.RESTIC_TEST_POLYNOMIAL;
import static io.holdfast.format.chunker.ChunkerTestSupport.lowEntropyBytes;
import static io.holdfast.format.chunker.ChunkerTestSupport.oneShot;
import static io.holdfast.format.chunker.ChunkerTestSupport.randomBytes;
import static io.holdfast.format.chunker.ChunkerTestSupport.referenceRabin;
import static io.holdfast.format.chunker.ChunkerTestSupport.sizes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RabinChunkerTest {

    @Test
    void zerosAreCutAtTheMinimumSize() {
        // once the initial 1 has left the window, a window of zeros has fingerprint 0, which always splits
        List<Integer> sizes =
                sizes(oneShot(ChunkerSpec.rabin(RESTIC_TEST_POLYNOMIAL).newStreamChunker(), new byte[5 * MIB + 7]));
        assertThat(sizes).hasSize(11);
        assertThat(sizes.subList(0, 10)).containsOnly(512 * KIB);
        assertThat(sizes.get(10)).isEqualTo(7);
    }

    @Test
    void matchesSlowReferenceOnSmallChunks() {
        ChunkerSpec[] specs = {
            ChunkerSpec.rabin(RESTIC_TEST_POLYNOMIAL, 128, 512, 4096),
            // split mask as wide as max: many chunks are forced at max
            ChunkerSpec.rabin(RESTIC_TEST_POLYNOMIAL, 128, 4096, 4096),
            ChunkerSpec.rabin(RESTIC_TEST_POLYNOMIAL, 64, 64, 64),
            ChunkerSpec.rabin(Polynomial.of(0x2482734cacca49L), 1000, 1024, 3000),
            // the smallest degree allowed, and one in between (both irreducible)
            ChunkerSpec.rabin(Polynomial.of(0x1002DL), 200, 256, 2000),
            ChunkerSpec.rabin(Polynomial.of(0x80000009L), 200, 256, 2000),
        };
        for (ChunkerSpec spec : specs) {
            for (byte[] data : new byte[][] {randomBytes(1, 120 * KIB), lowEntropyBytes(2, 120 * KIB)}) {
                List<Long> expected = referenceRabin(spec, data);
                assertThat(oneShot(spec.newStreamChunker(), data))
                        .as(spec.toString())
                        .isEqualTo(expected);
            }
        }
        // the forced cut at max does happen
        ChunkerSpec wide = specs[1];
        assertThat(sizes(oneShot(wide.newStreamChunker(), randomBytes(1, 120 * KIB))))
                .contains(4096);
    }

    @Property(tries = 25)
    void matchesSlowReferenceForRandomParameters(
            @ForAll @IntRange(min = 64, max = 1500) int min,
            @ForAll @IntRange(min = 0, max = 4) int avgShift,
            @ForAll @IntRange(min = 0, max = 3000) int extraMax,
            @ForAll long seed,
            @ForAll boolean lowEntropy) {
        int avg = Integer.highestOneBit(min) << avgShift;
        if (avg < min) {
            avg <<= 1;
        }
        Polynomial pol = Polynomial.randomIrreducible(new Random(seed));
        ChunkerSpec spec = ChunkerSpec.rabin(pol, min, avg, avg + extraMax);
        byte[] data = lowEntropy ? lowEntropyBytes(seed, 60 * KIB) : randomBytes(seed, 60 * KIB);
        assertThat(oneShot(spec.newStreamChunker(), data)).isEqualTo(referenceRabin(spec, data));
    }

    @Test
    void tablesAreSharedPerPolynomial() {
        assertThat(RabinTables.of(RESTIC_TEST_POLYNOMIAL)).isSameAs(RabinTables.of(Polynomial.parse("3da3358b4dc173")));
        RabinTables t = RabinTables.of(RESTIC_TEST_POLYNOMIAL);
        assertThat(t.shift).isEqualTo(45);
        assertThat(t.out[0]).isZero();
        assertThat(t.mod[0]).isZero();
        // mod[t] cancels the byte above the degree
        for (int b = 0; b < 256; b++) {
            assertThat(t.mod[b] >>> 53).isEqualTo(b);
            assertThat(t.out[b] >>> 53).isZero();
        }
    }
}
